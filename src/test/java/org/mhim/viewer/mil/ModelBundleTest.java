package org.mhim.viewer.mil;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bundle saved and loaded again is the same model: every parameter and every prediction. */
class ModelBundleTest {

  @TempDir Path dir;

  private static final Path FIXTURE = Fixtures.root().resolve("transmil");

  private static ModelManifest manifest(MhimConfig config) {
    return ModelManifest.of(
        config.withClassNames(List.of("normal", "tumor")),
        new EncoderInfo("resnet50-trunc", 256, 20.0),
        Map.of("dataset", "parity fixture", "epoch", "7"));
  }

  @Test
  void roundTripKeepsEveryParameterAndPrediction() throws IOException {
    MhimConfig config = MhimConfig.read(FIXTURE.resolve("config.json"));
    Bag bag = BagFiles.read(FIXTURE.resolve("bag.pt"));
    Path bundle = dir.resolve("model");
    ModelManifest manifest = manifest(config);
    try (MhimModel original =
        ReferenceCheckpoints.load(FIXTURE.resolve("checkpoint.pt"), config, WeightsChoice.STUDENT)) {
      ModelBundle.save(bundle, manifest, original);
      assertTrue(ModelBundle.isBundle(bundle));
      assertEquals(manifest, ModelBundle.readManifest(bundle));
      try (MhimModel loaded = ModelBundle.load(bundle, WeightsChoice.STUDENT)) {
        assertEquals(original.studentWeights(), loaded.studentWeights());
        assertEquals(original.teacherWeights(), loaded.teacherWeights());
        assertTrue(loaded.studentWeights().keySet().stream().anyMatch(k -> k.startsWith("merge.")),
            "recycle-network weights travel with the bundle");
        Prediction a = original.predict(bag);
        Prediction b = loaded.predict(bag);
        assertEquals(List.of("normal", "tumor"), b.classNames());
        assertArrayEquals(a.logits(), b.logits());
        assertArrayEquals(a.probabilities(), b.probabilities());
        assertArrayEquals(a.scores(), b.scores());
        assertArrayEquals(a.teacherScores(), b.teacherScores());
        assertArrayEquals(a.attention(), b.attention());
        for (int i = 0; i < bag.n(); i++) {
          assertArrayEquals(a.instanceProbabilities()[i], b.instanceProbabilities()[i]);
        }
      }
    }
  }

  @Test
  void savingOverAnExistingBundleReplacesItAndLeavesNoTemporaries() throws IOException {
    MhimConfig config = MhimConfig.read(FIXTURE.resolve("config.json"));
    Path bundle = dir.resolve("model");
    try (MhimModel model =
        ReferenceCheckpoints.load(FIXTURE.resolve("checkpoint.pt"), config, WeightsChoice.TEACHER)) {
      ModelBundle.save(bundle, manifest(config), model);
      ModelManifest second = ModelManifest.of(config, EncoderInfo.UNKNOWN, Map.of("run", "2"));
      ModelBundle.save(bundle, second, model);
      assertEquals(second, ModelBundle.readManifest(bundle));
      assertFalse(model.hasTeacher());
      try (MhimModel loaded = ModelBundle.load(bundle, WeightsChoice.STUDENT)) {
        assertEquals(model.studentWeights(), loaded.studentWeights());
        assertFalse(loaded.hasTeacher(), "a bundle saved without teacher has none");
      }
    }
    try (Stream<Path> entries = Files.list(dir)) {
      assertEquals(List.of(bundle), entries.toList());
    }
    // Like any folder the user makes: others may read the model (a temporary folder is private).
    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(bundle)));
  }

  @Test
  void aNewerFormatVersionIsRefusedByName() throws IOException {
    MhimConfig config = MhimConfig.read(FIXTURE.resolve("config.json"));
    Path bundle = dir.resolve("model");
    try (MhimModel model =
        ReferenceCheckpoints.load(FIXTURE.resolve("checkpoint.pt"), config, WeightsChoice.STUDENT)) {
      ModelBundle.save(bundle, manifest(config), model);
    }
    Path manifestFile = bundle.resolve(ModelBundle.MANIFEST);
    Files.writeString(manifestFile, Files.readString(manifestFile).replace("\"format_version\" : 1", "\"format_version\" : 99"));
    IOException e = assertThrows(IOException.class, () -> ModelBundle.load(bundle, WeightsChoice.STUDENT));
    assertTrue(e.getMessage().contains("format_version 99"), e.getMessage());
    assertTrue(e.getMessage().contains(manifestFile.toString()), e.getMessage());
  }
}
