package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mhim.viewer.ui.ViewerTestSupport.fx;
import static org.mhim.viewer.ui.ViewerTestSupport.fxRun;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mhim.viewer.mil.MhimConfig;
import org.mhim.viewer.mil.MhimModel;
import org.mhim.viewer.mil.ModelBundle;
import org.mhim.viewer.mil.ModelLocator;
import org.mhim.viewer.mil.WeightsChoice;

/**
 * Importing models into the picker: a reference checkpoint with its config becomes a bundle that
 * loads, is registered and chosen (and remembered); a file that is no checkpoint is refused by
 * name and changes nothing.
 */
class ModelImportTest extends ViewerWindowFixture {

  private static final Path FIXTURE =
      Path.of(System.getProperty("mhim.shared", "../shared"), "fixtures", "mhim-parity", "abmil");

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
}
