package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mhim.viewer.ui.ViewerTestSupport.fx;
import static org.mhim.viewer.ui.ViewerTestSupport.fxRun;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar.ButtonData;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import org.controlsfx.dialog.Wizard;
import org.junit.jupiter.api.Test;
import org.mhim.viewer.analysis.ModelEncoders;
import org.mhim.viewer.features.Devices;
import org.mhim.viewer.features.StainTextureEncoder;
import org.mhim.viewer.mil.AggregatorKind;
import org.mhim.viewer.mil.ModelBundle;
import org.mhim.viewer.mil.ModelLocator;
import org.mhim.viewer.mil.ModelManifest;
import org.mhim.viewer.train.HistoryCsv;
import org.mhim.viewer.train.SlideTraining;
import org.mhim.viewer.train.SlideTrainingTest;
import org.mhim.viewer.train.TrainingOptions;

/**
 * Analysis ▸ Train Model from Labelled Slides…: the wizard waits for real files, its answer lands
 * under the viewer's folders, and a training run on real demo slides registers and chooses the model;
 * a stopped run registers nothing, and the wizard continues it.
 */
class TrainingWizardTest extends LabelledSlidesFixture {

  /** Whether the wizard is invalid once its background look at the fields is done. */
  private static boolean invalid(TrainingWizard form, Wizard wizard) {
    ViewerTestSupport.waitUntil("the fields checked", () -> !form.checking(), 10);
    return fx(wizard::isInvalid);
  }

  @Test
  void theFirstPageWaitsForALabelsFileAndASlidesFolder() throws Exception {
    Path labels = SlideTrainingTest.labelledSlides(data);
    TrainingWizard form = fx(() -> new TrainingWizard(AnalysisFolders.under(data), background, List.of("demo")));
    Wizard wizard = shown(form);
    try {
      assertTrue(invalid(form, wizard), "Next stays off until both are given");
      fxRun(() -> form.labels.setText(labels.toString()));
      assertTrue(invalid(form, wizard), "the slides folder is still missing");
      fxRun(() -> form.slides.setText(data.resolve("nowhere").toString()));
      assertTrue(invalid(form, wizard), "a folder that does not exist does not count");
      fxRun(() -> form.slides.setText(data.resolve("slides").toString()));
      assertFalse(invalid(form, wizard));
      press(wizard, ButtonData.NEXT_FORWARD);
      assertFalse(invalid(form, wizard), "the second page comes filled in");
      Files.createDirectories(data.resolve("models").resolve("taken"));
      fxRun(() -> form.name.setText("taken"));
      assertTrue(invalid(form, wizard), "an existing model is never replaced from the wizard");
      assertTrue(fx(() -> ((Label) wizard.getDialog().getDialogPane().lookup("#model-name-taken")).getText())
          .contains("A model named taken exists"));
      fxRun(() -> form.name.setText("fresh"));
      assertFalse(invalid(form, wizard));
      press(wizard, ButtonData.FINISH);
      assertEquals(ButtonType.FINISH, fx(() -> wizard.resultProperty().get()), "what TrainingWizard.ask turns into a request");
    } finally {
      fxRun(() -> wizard.getDialog().close());
    }
  }

  /** The wizard of {@code form}, shown without waiting for it. */
  private Wizard shown(TrainingWizard form) {
    return fx(() -> {
      Wizard wizard = form.wizard(window.stage());
      wizard.getDialog().show();
      return wizard;
    });
  }

  /** What the wizard answers for the demo slides of {@link SlideTrainingTest#labelledSlides}. */
  private SlideTraining.Request demoSlidesRequest(Path labels, String model, int epochs, String encoder) {
    return fx(() -> {
      TrainingWizard form = new TrainingWizard(AnalysisFolders.under(data), background, List.of("demo"));
      form.labels.setText(labels.toString());
      form.slides.setText(data.resolve("slides").toString());
      form.name.setText(model);
      form.epochs.getValueFactory().setValue(epochs);
      form.encoder.setText(encoder);
      return form.request();
    });
  }

  /** Clicks the wizard's button of that kind (ControlsFX's Next has a type of its own). */
  private static void press(Wizard wizard, ButtonData kind) {
    fxRun(() -> {
      DialogPane pane = wizard.getDialog().getDialogPane();
      ButtonType type = pane.getButtonTypes().stream().filter(b -> b.getButtonData() == kind).findFirst().orElseThrow();
      ((Button) pane.lookupButton(type)).fire();
    });
  }

  @Test
  void aStoppedTrainingOfThatNameIsContinuedOrKept() throws Exception {
    Path stopped = Files.createDirectories(data.resolve("models").resolve("stopped-one"));
    Files.writeString(stopped.resolve("checkpoint.mhimckpt"), "a stopped run's checkpoint");
    TrainingWizard form = fx(() -> new TrainingWizard(AnalysisFolders.under(data), background, List.of("demo")));
    Wizard wizard = shown(form);
    try {
      Files.writeString(data.resolve("labels.csv"), "slide_id,label\n");
      Files.createDirectories(data.resolve("slides"));
      fxRun(() -> {
        form.labels.setText(data.resolve("labels.csv").toString());
        form.slides.setText(data.resolve("slides").toString());
      });
      assertFalse(invalid(form, wizard), "Next is on");
      press(wizard, ButtonData.NEXT_FORWARD);
      assertFalse(fx(form.resume::isVisible), "nothing stopped under my-model");
      fxRun(() -> form.name.setText("stopped-one"));
      assertTrue(invalid(form, wizard), "neither continued nor renamed");
      assertTrue(fx(form.resume::isVisible));
      fxRun(() -> form.resume.setSelected(true));
      assertFalse(invalid(form, wizard));
      assertTrue(fx(form::request).resume());
    } finally {
      fxRun(() -> wizard.getDialog().close());
    }
  }

  @Test
  void theAnswerIsARequestUnderTheViewersFolders() {
    SlideTraining.Request request = fx(() -> {
      TrainingWizard form = new TrainingWizard(AnalysisFolders.under(data), background, List.of("demo"));
      form.labels.setText(" /tmp/labels.csv ");
      form.slides.setText("/tmp/slides");
      form.name.setText("Tumour vs normal / v2");
      form.aggregator.setValue("dsmil");
      form.epochs.getValueFactory().setValue(12);
      form.learningRate.setValue(5e-4);
      return form.request();
    });
    assertEquals(5e-4, request.options().learningRate());
    assertEquals(Path.of("/tmp/labels.csv"), request.labels());
    assertEquals(Path.of("/tmp/slides"), request.slides());
    assertEquals(data.resolve("models").resolve("Tumour-vs-normal-v2"), request.out());
    assertEquals(data.resolve("training").resolve("Tumour-vs-normal-v2"), request.work());
    assertEquals(data.resolve("features"), request.cache());
    assertEquals(AggregatorKind.DSMIL, request.options().aggregator());
    assertEquals(12, request.options().epochs());
    assertEquals("stain-texture-v1", request.encoder());
    assertEquals(Devices.best().isGpu() ? "gpu" : "cpu", request.options().device(), "trains where extraction runs");
  }

  @Test
  void aRunRegistersAndChoosesTheTrainedModelAndAStoppedOneNothing() throws Exception {
    Path labels = SlideTrainingTest.labelledSlides(data);
    SlideTraining.Request request = demoSlidesRequest(labels, "wizard-model", 2, "stain-texture-v1");
    ModelTrainingRun stopped = fx(() -> window.analysis().train(request));
    fxRun(() -> stopped.stage().getScene().lookup("#progress-cancel").fireEvent(new ActionEvent()));
    ViewerTestSupport.waitUntil("the stop reported", () -> !window.errorMessages().isEmpty(), 120);
    assertTrue(fx(() -> window.errorMessages().getFirst()).contains("stopped before its end"),
        fx(() -> window.errorMessages().getFirst()));
    assertEquals("demo", fx(() -> window.analysis().models().selected()), "nothing registered");

    ModelTrainingRun run = fx(() -> window.analysis().train(request));
    ViewerTestSupport.waitUntil("the trained model chosen",
        () -> window.analysis().models().selected().equals(request.out().toString()), 300);
    assertTrue(ModelBundle.isBundle(request.out()));
    assertTrue(fx(() -> ((Label) run.stage().getScene().lookup("#progress-status")).getText())
        .startsWith("Trained wizard-model: best validation AUC "), "the window says how the run ended");
    Button close = fx(() -> (Button) run.stage().getScene().lookup("#progress-cancel"));
    assertEquals("Close", fx(close::getText));
    fxRun(close::fire);
    assertFalse(fx(() -> run.stage().isShowing()), "closed by its button");
    int epochsRun = HistoryCsv.read(request.out().resolve("history.csv")).size();
    assertEquals(2 * epochsRun, (int) fx(() -> run.history().points()), "each epoch's AUC and loss were drawn");
    assertEquals(1, (int) fx(() -> window.errorMessages().size()), "no error besides the stop");
  }

  /** With a TorchScript encoder the trained model carries it, so the viewer can analyse with it. */
  @Test
  void aModelTrainedOnATorchScriptEncoderCarriesIt() throws Exception {
    Path labels = SlideTrainingTest.labelledSlides(data);
    Path encoder = Files.copy(Path.of(System.getProperty("mhim.shared", "../shared"), "fixtures", "encoders",
        "tiny-encoder.pt"), data.resolve("tiny.pt"));
    Files.writeString(data.resolve("tiny.json"), "{\"id\": \"tiny-encoder-v1\", \"input_size\": 224,"
        + " \"mean\": [0.485, 0.456, 0.406], \"std\": [0.229, 0.224, 0.225], \"output_dim\": 64}");
    SlideTraining.Request request = demoSlidesRequest(labels, "tiny-model", 1, encoder.toString());
    fxRun(() -> window.analysis().train(request));
    ViewerTestSupport.waitUntil("the trained model chosen",
        () -> window.analysis().models().selected().equals(request.out().toString()), 300);
    assertEquals("tiny-encoder-v1", ModelBundle.readManifest(request.out()).encoder().id());
    assertEquals(-1, Files.mismatch(encoder, request.out().resolve("encoder.pt")));
    assertTrue(fx(() -> window.errorMessages().isEmpty()), () -> fx(() -> window.errorMessages().toString()));
  }

  /**
   * Fine-tuning the demo model: the wizard shows the model's aggregator and encoder instead of asking,
   * refuses a model that is gone, and the run makes a new model from the demo's weights.
   */
  @Test
  void fineTuningAModelKeepsItsShapeAndMakesANewOne() throws Exception {
    Path labels = SlideTrainingTest.labelledSlides(data);
    Path demo = ModelLocator.resolve(ModelLocator.DEMO);
    ModelManifest demoManifest = ModelBundle.readManifest(demo);
    String gone = data.resolve("gone-model").toString();
    TrainingWizard form = fx(() -> new TrainingWizard(AnalysisFolders.under(data), background, List.of("demo", gone)));
    Wizard wizard = shown(form);
    SlideTraining.Request request;
    try {
      fxRun(() -> {
        form.labels.setText(labels.toString());
        form.slides.setText(data.resolve("slides").toString());
      });
      assertFalse(invalid(form, wizard));
      press(wizard, ButtonData.NEXT_FORWARD);
      fxRun(() -> {
        form.name.setText("tuned-demo");
        form.epochs.getValueFactory().setValue(1);
        form.startFrom.setValue(gone);
      });
      assertTrue(invalid(form, wizard), "a model that is gone cannot be fine-tuned");
      assertTrue(fx(() -> ((Label) wizard.getDialog().getDialogPane().lookup("#start-note")).getText())
          .startsWith("This model cannot be fine-tuned: " + gone), () -> fx(() -> ((Label) wizard.getDialog()
              .getDialogPane().lookup("#start-note")).getText()));
      fxRun(() -> form.startFrom.setValue(ModelLocator.DEMO));
      assertFalse(invalid(form, wizard));
      assertEquals(demoManifest.config().aggregator().id(), fx(form.aggregator::getValue));
      assertEquals(StainTextureEncoder.ID, fx(form.encoder::getText));
      assertTrue(fx(() -> form.aggregator.isDisabled() && form.encoder.isDisabled()), "shown, not asked");
      request = fx(form::request);
    } finally {
      fxRun(() -> wizard.getDialog().close());
    }
    assertEquals(demo, request.fineTune());
    assertEquals(demoManifest.config().mlpDim(), request.options().mlpDim());
    assertEquals(TrainingOptions.builder().build().learningRate() / 2, request.options().learningRate(),
        "fine-tuning starts at half the rate of a new model");
    assertEquals(ModelEncoders.grid(demoManifest), request.grid());

    fxRun(() -> window.analysis().train(request));
    ViewerTestSupport.waitUntil("the fine-tuned model chosen",
        () -> window.analysis().models().selected().equals(request.out().toString()), 300);
    ModelManifest tuned = ModelBundle.readManifest(request.out());
    assertEquals(demo.toString(), tuned.provenance().get("recipe.fine_tuned_from"));
    assertEquals(demoManifest.config().classNames(), tuned.config().classNames());
    assertTrue(fx(() -> window.errorMessages().isEmpty()), () -> fx(() -> window.errorMessages().toString()));
  }
}
