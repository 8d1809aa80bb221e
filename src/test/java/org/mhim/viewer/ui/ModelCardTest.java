package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mhim.viewer.ui.ViewerTestSupport.fx;
import static org.mhim.viewer.ui.ViewerTestSupport.fxRun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.mhim.viewer.mil.ModelBundle;
import org.mhim.viewer.train.DataSplit;
import org.mhim.viewer.train.SyntheticBags;
import org.mhim.viewer.train.Trainer;
import org.mhim.viewer.train.TrainingData;
import org.mhim.viewer.train.TrainingOptions;

/** Analysis ▸ Model ▸ About Chosen Model…: the demo model's warning, a trained model's metrics and epochs. */
class ModelCardTest extends ViewerWindowFixture {

  @TempDir Path data;

  /** A small model trained through both stages, with validation and test slides. */
  private Path trainedModel() throws Exception {
    Path features = data.resolve("features");
    DataSplit split = new SyntheticBags(12, 3f, 1.5f).writeSplit(features, new Random(4), () -> 25, 4, 4, 8, 2, 2);
    TrainingData on = TrainingData.load(features, List.of("normal", "tumour"), split);
    Path model = data.resolve("trained");
    Trainer.builder().setData(on).setOptions(TrainingOptions.builder().mlpDim(16).epochs(2).seed(1).build())
        .setOutput(model).build().run();
    return model;
  }

  private Dialog<ButtonType> shown(ModelCard.Facts facts) {
    return fx(() -> {
      Dialog<ButtonType> dialog = ModelCard.dialog(window.stage(), facts);
      dialog.show();
      return dialog;
    });
  }

  private static String text(Dialog<ButtonType> dialog, String id) {
    return fx(() -> {
      Node node = dialog.getDialogPane().lookup("#" + id);
      return node == null ? null : ((Label) node).getText();
    });
  }

  @Test
  void theDemoModelsCardSaysWhatItIsAndThatItIsNotForDiagnosis() throws Exception {
    ModelCard.Facts facts = ModelCard.read("demo");
    Dialog<ButtonType> dialog = shown(facts);
    try {
      assertTrue(text(dialog, "model-warning").contains("not for diagnosis"), text(dialog, "model-warning"));
      assertEquals("normal, tumor", text(dialog, "model-classes"));
      assertTrue(text(dialog, "model-aggregator").endsWith("(abmil)"), text(dialog, "model-aggregator"));
      assertEquals("57 per patch, from stain-texture-v1 (built in)", text(dialog, "model-encoder"));
      assertEquals("256 px at 20×", text(dialog, "model-grid"));
      assertEquals("The model folder has no history.csv, the record of its epochs.", text(dialog, "model-history-note"));
    } finally {
      fxRun(dialog::close);
    }
  }

  @Test
  void aTrainedModelsCardShowsItsMetricsAndItsEpochs() throws Exception {
    Path model = trainedModel();
    ModelCard.Facts facts = ModelCard.read(model.toString());
    assertEquals(4, facts.summary().history().size(), "two epochs of each stage");
    Dialog<ButtonType> dialog = shown(facts);
    try {
      double testAuc = Double.parseDouble(ModelBundle.readManifest(model).provenance().get("metrics.mhim.test.auc"));
      List<String> metrics = fx(() -> dialog.getDialogPane().lookup("#model-metrics").lookupAll(".label").stream()
          .map(n -> ((Label) n).getText()).toList());
      int row = metrics.indexOf("MHIM stage, test");
      assertTrue(row >= 0, metrics.toString());
      assertEquals(String.format(Locale.ROOT, "%.3f", testAuc), metrics.get(row + 1));
      assertTrue(metrics.contains("baseline stage, validation"), metrics.toString());
      assertTrue(text(dialog, "model-data").startsWith("train: normal 4, tumour 4"), text(dialog, "model-data"));
      assertTrue(fx(() -> dialog.getDialogPane().lookup("#training-history") != null), "the epochs are charted");
    } finally {
      fxRun(dialog::close);
    }

    Files.writeString(model.resolve("history.csv"), "stage,epoch,train_loss,val_auc\nmhim,one,0.5,0.5\n");
    ModelCard.Facts damaged = ModelCard.read(model.toString());
    assertEquals(model.resolve("history.csv") + ": line 2: epoch 'one' is not a number", damaged.summary().historyNote());
  }

  @Test
  void aModelFolderThatIsGoneIsReportedNotShown() throws Exception {
    Path model = trainedModel();
    fxRun(() -> window.analysis().models().importBundle(model));
    ViewerTestSupport.waitUntil("the model chosen", () -> window.analysis().models().selected().equals(model.toString()), 20);
    Files.delete(model.resolve(ModelBundle.MANIFEST));
    assertThrows(IOException.class, () -> ModelCard.read(model.toString()));
    fxRun(() -> window.analysis().models().showAbout());
    ViewerTestSupport.waitUntil("the error shown", () -> !window.errorMessages().isEmpty(), 20);
    assertTrue(fx(() -> window.errorMessages().getFirst()).contains("not a model bundle"),
        fx(() -> window.errorMessages().getFirst()));
  }

  /** An imported reference checkpoint names no encoder: the card says which one would be tried. */
  @Test
  void anImportedCheckpointsCardSaysItsEncoderIsNotNamed() throws Exception {
    Path fixture = Path.of(System.getProperty("mhim.shared", "../shared"), "fixtures", "mhim-parity", "abmil");
    fxRun(() -> window.analysis().setFolders(AnalysisFolders.under(data)));
    fxRun(() -> window.analysis().models().importCheckpoint(fixture.resolve("checkpoint.pt"),
        fixture.resolve("config.json")));
    ViewerTestSupport.waitUntil("the checkpoint imported", () -> !window.analysis().models().selected().equals("demo"), 30);
    ModelCard.Facts facts = ModelCard.read(fx(() -> window.analysis().models().selected()));
    assertTrue(facts.summary().encoder().describe().startsWith("an encoder the model does not name (the built-in stain-texture-v1 is tried"),
        facts.summary().encoder().describe());
    Dialog<ButtonType> dialog = shown(facts);
    try {
      assertTrue(text(dialog, "model-trained").startsWith("imported from " + fixture.resolve("checkpoint.pt").toAbsolutePath()),
          text(dialog, "model-trained"));
    } finally {
      fxRun(dialog::close);
    }
  }

  /** Ctrl+I opens the chosen model's card, once. */
  @Test
  void ctrlIOpensTheChosenModelsCard(FxRobot robot) {
    ViewerTestSupport.waitUntil("the model list read", () -> window.analysis().models().loaded(), 20);
    fxRun(() -> window.stage().requestFocus());
    robot.push(KeyCode.CONTROL, KeyCode.I);
    ViewerTestSupport.waitUntil("the card shown", () -> aboutWindows() > 0, 20);
    assertEquals(1, (int) fx(ModelCardTest::aboutWindows), "one card, not one per copy of the menu item");
    fxRun(() -> Window.getWindows().stream().filter(w -> w instanceof Stage s && s.getTitle().startsWith("About "))
        .toList().forEach(Window::hide));
  }

  private static int aboutWindows() {
    return (int) Window.getWindows().stream()
        .filter(w -> w.isShowing() && w instanceof Stage s && s.getTitle() != null && s.getTitle().startsWith("About "))
        .count();
  }
}
