package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mhim.viewer.ui.ViewerTestSupport.fx;
import static org.mhim.viewer.ui.ViewerTestSupport.fxRun;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javafx.scene.control.MenuItem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mhim.viewer.analysis.AnalysisModels;
import org.mhim.viewer.mil.MhimConfig;
import org.mhim.viewer.mil.MhimModel;
import org.mhim.viewer.mil.ModelBundle;
import org.mhim.viewer.mil.ModelLocator;
import org.mhim.viewer.mil.WeightsChoice;

/**
 * Importing models into the picker: a reference checkpoint with its config becomes a bundle that
 * loads, is registered and chosen (and remembered); a file that is no checkpoint is refused by
 * name and changes nothing. An encoder attached to the chosen model goes into its bundle once it
 * fits.
 */
class ModelImportTest extends ViewerWindowFixture {

  private static final Path FIXTURE =
      Path.of(System.getProperty("mhim.shared", "../shared"), "fixtures", "mhim-parity", "abmil");

  private static final Path TINY_ENCODER =
      Path.of(System.getProperty("mhim.shared", "../shared"), "fixtures", "encoders", "tiny-encoder.pt");

  @TempDir static Path data;

  @BeforeEach
  void analysisFolders() {
    fxRun(() -> window.analysis().setFolders(AnalysisFolders.under(data)));
  }

  @Test
  void aReferenceCheckpointBecomesAChosenBundleAndAHostileFileIsRefused() throws Exception {
    ViewerTestSupport.waitUntil("the model list", () -> window.analysis().models().loaded(), 10);
    Path notACheckpoint = FIXTURE.resolve("config.json");
    fxRun(() -> window.analysis().models().importCheckpoint(notACheckpoint, FIXTURE.resolve("config.json")));
    ViewerTestSupport.waitUntil("an error", () -> !window.errorMessages().isEmpty(), 30);
    assertTrue(fx(() -> window.errorMessages().getFirst()).contains(notACheckpoint.toString()));
    assertEquals(ModelLocator.DEMO, fx(() -> window.analysis().models().selected()), "nothing registered");

    fxRun(() -> window.analysis().models().importCheckpoint(FIXTURE.resolve("checkpoint.pt"), FIXTURE.resolve("config.json")));
    Path bundle = data.resolve("models").resolve("checkpoint").toAbsolutePath().normalize();
    ViewerTestSupport.waitUntil("the imported model chosen", () -> window.analysis().models().selected().equals(bundle.toString()), 60);
    assertEquals(1, (int) fx(() -> window.errorMessages().size()), "no further error");
    ViewerTestSupport.waitUntil("the choice saved", () -> ModelRegistry.load(config).selected().equals(bundle.toString()), 10);
    MhimConfig expected = MhimConfig.read(FIXTURE.resolve("config.json"));
    assertEquals(expected, ModelBundle.readManifest(bundle).config());
    try (MhimModel model = ModelBundle.load(bundle, WeightsChoice.STUDENT)) {
      assertEquals(expected.classNames(), model.config().classNames());
    }
  }

  @Test
  void anEncoderAttachedToTheChosenModelGoesIntoItsBundleAfterAMisfitIsRefused() throws Exception {
    ViewerTestSupport.waitUntil("the model list", () -> window.analysis().models().loaded(), 10);
    Path bundle = AnalysisModels.randomAbmil(data.resolve("tiny-model"), "tiny-encoder-v1", 64).toAbsolutePath();
    MenuItem attach = fx(() -> window.analysis().models().menu().getItems().stream()
        .filter(item -> "Attach Encoder to Chosen Model…".equals(item.getText())).findFirst().orElseThrow());
    assertTrue(fx(attach::isDisable), "not for the demo model");
    fxRun(() -> window.analysis().models().importBundle(bundle));
    ViewerTestSupport.waitUntil("the bundle chosen", () -> window.analysis().models().selected().equals(bundle.toString()), 30);

    Path encoders = Files.createDirectories(data.resolve("encoders"));
    Path tiny = Files.copy(TINY_ENCODER, encoders.resolve("tiny.pt"), StandardCopyOption.REPLACE_EXISTING);
    String description = "{\"id\": \"%s\", \"input_size\": 224, \"mean\": [0.485, 0.456, 0.406],"
        + " \"std\": [0.229, 0.224, 0.225], \"output_dim\": %d}";
    Files.writeString(encoders.resolve("tiny.json"), description.formatted("tiny-encoder-v1", 128));
    fxRun(() -> window.analysis().models().attachEncoder(tiny));
    ViewerTestSupport.waitUntil("an error", () -> !window.errorMessages().isEmpty(), 30);
    assertTrue(fx(() -> window.errorMessages().getFirst()).contains("output_dim 128"), fx(() -> window.errorMessages().getFirst()));
    assertTrue(Files.notExists(bundle.resolve("encoder.pt")), "a misfit is not copied");

    Files.writeString(encoders.resolve("tiny.json"), description.formatted("tiny-encoder-v1", 64));
    fxRun(() -> window.analysis().models().attachEncoder(tiny));
    ViewerTestSupport.waitUntil("the encoder in the bundle", () -> Files.isRegularFile(bundle.resolve("encoder.pt")), 30);
    assertEquals(-1, Files.mismatch(TINY_ENCODER, bundle.resolve("encoder.pt")));
    assertEquals(1, (int) fx(() -> window.errorMessages().size()), "no further error");
    assertFalse(fx(() -> window.analysis().models().menu().getItems().stream()
        .filter(item -> "Attach Encoder to Chosen Model…".equals(item.getText())).findFirst().orElseThrow().isDisable()));
  }
}
