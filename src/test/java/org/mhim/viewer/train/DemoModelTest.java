package org.mhim.viewer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mhim.viewer.features.FeatureDirectory;
import org.mhim.viewer.mil.MhimModel;
import org.mhim.viewer.mil.ModelBundle;
import org.mhim.viewer.mil.ModelLocator;
import org.mhim.viewer.mil.ModelManifest;
import org.mhim.viewer.mil.WeightsChoice;

/**
 * The committed demo model ({@code assets/demo-model}, found as {@code --model demo}) on demo
 * slides of seeds it was never trained on: it tells tumour slides from normal ones, and its
 * tumour-class instance probabilities find the true tumour.
 */
class DemoModelTest {

  /** Seeds far from the training seeds and from the held-out seeds of the build. */
  private static final long TEST_SEED = 7_000_001;

  @Test
  void theCommittedDemoModelFindsTumourOnUnseenSlides(@TempDir Path dir) throws Exception {
    Path bundle = ModelLocator.resolve(ModelLocator.DEMO);
    ModelManifest manifest = ModelBundle.readManifest(bundle);
    assertEquals(DemoModelRecipe.NOT_FOR_DIAGNOSIS, manifest.provenance().get("warning"));
    assertEquals(DemoFeatures.ENCODER, manifest.encoder().id());
    assertTrue(manifest.provenance().get("rebuild").startsWith("./mhimview make-demo-model"));
    String[] trainSeeds = manifest.provenance().get("demo.train_seeds").split("\\.\\.");
    long lastTrainSeed = Long.parseLong(trainSeeds[1]);
    assertTrue(TEST_SEED > lastTrainSeed + DemoModelRecipe.HELD_OUT_SEED_OFFSET, "test seeds must be unseen");

    String[] size = manifest.provenance().get("demo.size").split("x");
    DemoSlideSet unseen = new DemoSlideSet(
        "unseen", 4, Long.parseLong(size[0]), Long.parseLong(size[1]), TEST_SEED,
        Double.parseDouble(manifest.provenance().get("demo.tumor_fraction")));
    Path slides = dir.resolve("slides");
    Files.createDirectories(slides);
    unseen.write(slides);
    FeatureDirectory features = new FeatureDirectory(dir.resolve("features"));
    DemoFeatures.extract(unseen, slides, features, p -> {});

    try (MhimModel model = ModelBundle.load(bundle, WeightsChoice.STUDENT)) {
      DemoHeldOut result = DemoHeldOut.evaluate(model, unseen, slides, features);
      System.out.println("demo model on unseen slides: " + result); // recorded in docs/demo-model.md
      assertTrue(result.tumorInstances() > 0 && result.tumorInstances() < result.instances(), result.toString());
      assertTrue(result.slideAuc() >= 0.95, "slide-level AUC " + result);
      assertTrue(result.instanceAuc() >= 0.9, "instance-level AUC " + result);
    }
  }
}
