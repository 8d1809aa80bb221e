package org.mhim.viewer.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.controlsfx.dialog.Wizard;
import org.controlsfx.dialog.WizardPane;
import org.mhim.viewer.analysis.ModelEncoders;
import org.mhim.viewer.features.Devices;
import org.mhim.viewer.features.StainTextureEncoder;
import org.mhim.viewer.io.ErrorMessages;
import org.mhim.viewer.mil.AggregatorKind;
import org.mhim.viewer.mil.ModelBundle;
import org.mhim.viewer.mil.ModelFiles;
import org.mhim.viewer.mil.ModelManifest;
import org.mhim.viewer.tissue.PatchGridSettings;
import org.mhim.viewer.train.SlideTraining;
import org.mhim.viewer.train.Trainer;
import org.mhim.viewer.train.TrainingOptions;

/**
 * Analysis ▸ Train Model from Labelled Slides…: a two-page wizard — which slides and labels, then
 * which model, from fresh weights or fine-tuning one of the viewer's models — whose answer is a
 * {@link SlideTraining.Request} under the viewer's folders. It only asks; {@link ModelTrainingRun}
 * trains. FX thread; what the named files, folders and models are is looked up in the background.
 */
final class TrainingWizard {

  /** The start-from choice of a new model. */
  static final String FRESH = "";
  private static final double FRESH_RATE = TrainingOptions.builder().build().learningRate();
  private static final double FINE_TUNING_RATE = FRESH_RATE / 2;

  private final LabelledSlidesFields labelled = new LabelledSlidesFields();
  final TextField labels = labelled.labels;
  final TextField slides = labelled.slides;
  final TextField name = FormFields.field("model-name", "a name for the model");
  final ChoiceBox<String> aggregator = new ChoiceBox<>();
  final Spinner<Integer> epochs = new Spinner<>(1, 1000, 50);
  /** Adam's starting rate: the reference's for a new model, half of it for fine-tuning (changed with the start). */
  final ChoiceBox<Double> learningRate = new ChoiceBox<>();
  final TextField encoder = FormFields.field("encoder", StainTextureEncoder.ID);
  final CheckBox resume = new CheckBox("Continue its stopped training (same slides and settings)");
  /** {@link #FRESH} or the model to fine-tune, as the model picker names it. */
  final ChoiceBox<String> startFrom = new ChoiceBox<>();
  private final AnalysisFolders folders;
  /** What the file system says of the fields, found off the FX thread: the latest answer. */
  private final ReadOnlyObjectWrapper<Found> found = new ReadOnlyObjectWrapper<>(Found.NOTHING);
  private final LatestOnly<Asked, Found> checks;

  /** What the fields name; {@code start} is {@link #FRESH} or a model. */
  private record Asked(String labels, String slides, Path model, String start) {}

  /**
   * Whether the labels file and the slides folder exist, what the model's folder holds: a
   * model ({@code taken}) or a stopped run's checkpoint ({@code stopped}), and the model to
   * fine-tune (null for fresh weights).
   */
  private record Found(boolean labels, boolean slides, boolean taken, boolean stopped, Start start) {
    static final Found NOTHING = new Found(false, false, false, false, null);
  }

  /**
   * What fine-tuning a model takes from it: its folder, aggregator, width, encoder (as extraction
   * names it) and patch grid; or why it cannot be fine-tuned ({@code problem}, the rest null).
   */
  record Start(Path bundle, AggregatorKind aggregator, int mlpDim, String encoder, PatchGridSettings grid,
      String problem) {}

  /**
   * @param models the viewer's models, as the model picker names them ({@link ModelRegistry#choices()}),
   *     offered to fine-tune
   */
  TrainingWizard(AnalysisFolders folders, Background background, List<String> models) {
    this.folders = folders;
    this.checks = new LatestOnly<>(background, TrainingWizard::look, found::set, error -> found.set(Found.NOTHING));
    for (TextField field : new TextField[] {labels, slides, name}) {
      field.textProperty().addListener((obs, old, now) -> recheck());
    }
    startFrom.setId("start-from");
    startFrom.getItems().add(FRESH);
    startFrom.getItems().addAll(models);
    startFrom.setValue(FRESH);
    startFrom.setConverter(FormFields.named(
        choice -> choice.equals(FRESH) ? "Fresh weights (a new model)" : "Fine-tune " + ModelRegistry.label(choice)));
    startFrom.valueProperty().addListener((obs, old, now) -> {
      learningRate.setValue(FRESH.equals(now) ? FRESH_RATE : FINE_TUNING_RATE);
      recheck();
    });
    learningRate.getItems().addAll(1e-3, 5e-4, FRESH_RATE, FINE_TUNING_RATE, 5e-5, 2e-5);
    learningRate.setValue(FRESH_RATE);
    learningRate.setId("learning-rate");
    learningRate.setConverter(FormFields.named(rate -> String.format(Locale.ROOT, "%.0e", rate).replace("e-0", "e-")));
    // Fine-tuning keeps the model's aggregator and encoder: shown, not asked.
    aggregator.disableProperty().bind(startFrom.valueProperty().isNotEqualTo(FRESH));
    encoder.disableProperty().bind(startFrom.valueProperty().isNotEqualTo(FRESH));
    found.addListener((obs, old, now) -> {
      Start start = now.start();
      if (start != null && start.problem() == null) {
        aggregator.setValue(start.aggregator().id());
        encoder.setText(start.encoder());
      }
    });
    name.setText("my-model");
    encoder.setText(StainTextureEncoder.ID);
    for (AggregatorKind kind : AggregatorKind.values()) {
      aggregator.getItems().add(kind.id());
    }
    aggregator.setValue(AggregatorKind.ABMIL.id());
    aggregator.setId("aggregator");
    epochs.setId("epochs");
    epochs.setTooltip(new Tooltip("A stage stops earlier once its validation AUC has not improved for "
        + TrainingOptions.builder().build().patience() + " epochs"));
    epochs.setEditable(true);
    recheck();
  }

  private void recheck() {
    checks.submit(new Asked(labels.getText(), slides.getText(),
        modelName().isEmpty() ? null : folders.models().resolve(modelName()),
        startFrom.getValue() == null ? FRESH : startFrom.getValue()));
  }

  /** Off the FX thread: file-system questions, which a slow or network folder may take long to answer. */
  private static Found look(Asked asked) {
    boolean stopped = asked.model() != null && Files.isRegularFile(Trainer.checkpointFile(asked.model()));
    boolean taken = asked.model() != null && Files.exists(asked.model()) && !stopped;
    Start start = asked.start().equals(FRESH) ? null : start(asked.start());
    return new Found(FormFields.isFile(asked.labels()), FormFields.isFolder(asked.slides()), taken, stopped, start);
  }

  /** What fine-tuning {@code choice} takes from it, read from its bundle. */
  private static Start start(String choice) {
    try {
      Path bundle = ModelFiles.located(Path.of(choice));
      ModelManifest manifest = ModelBundle.readManifest(bundle);
      return new Start(bundle, manifest.config().aggregator(), manifest.config().mlpDim(),
          ModelEncoders.encoderOf(bundle, manifest), ModelEncoders.grid(manifest), null);
    } catch (IOException | RuntimeException e) {
      return new Start(null, null, 0, null, null, ErrorMessages.about(Path.of(choice), e));
    }
  }

  /** True while a check of the fields is under way (tests wait for it). */
  boolean checking() {
    return checks.busy();
  }

  /** The wizard, ready to show over {@code owner}. */
  Wizard wizard(Window owner) {
    Wizard wizard = new Wizard(owner, "Train a model from labelled slides");
    wizard.setFlow(new Wizard.LinearFlow(slidesPage(owner), modelPage(owner)));
    return wizard;
  }

  /** Shows the wizard and waits for it (a modal dialog); the request when the user finished it. */
  Optional<SlideTraining.Request> ask(Window owner) {
    return wizard(owner).showAndWait().filter(button -> button == ButtonType.FINISH).map(button -> request());
  }

  private WizardPane slidesPage(Window owner) {
    GridPane grid = FormFields.grid();
    labelled.addTo(grid, 0, owner);
    BooleanBinding incomplete = Bindings.createBooleanBinding(
        () -> checks.busy() || !found.get().labels() || !found.get().slides(), found, labels.textProperty(),
        slides.textProperty());
    return page("Which slides, with which labels", grid, incomplete);
  }

  private WizardPane modelPage(Window owner) {
    GridPane grid = FormFields.grid();
    grid.addRow(0, new Label("Model name"), name);
    grid.addRow(1, new Label("Start from"), startFrom);
    grid.addRow(2, new Label("Aggregator"), aggregator);
    grid.addRow(3, new Label("Epochs per stage (at most)"), epochs);
    grid.addRow(4, new Label("Learning rate (cosine to 0)"), learningRate);
    Button browseEncoder = FormFields.chooseFile(encoder, "Encoder: a TorchScript file with its .json beside it",
        new FileChooser.ExtensionFilter("TorchScript", "*.pt"), owner);
    browseEncoder.disableProperty().bind(encoder.disableProperty());
    grid.addRow(5, new Label("Encoder (built in, or a TorchScript .pt)"), encoder, browseEncoder);
    // A trained model is never replaced from here; a stopped run's checkpoint is continued or kept.
    BooleanBinding stopped = Bindings.createBooleanBinding(() -> found.get().stopped(), found);
    BooleanBinding taken = Bindings.createBooleanBinding(() -> found.get().taken(), found);
    Label takenNote = new Label();
    takenNote.setId("model-name-taken");
    takenNote.textProperty().bind(Bindings.when(taken)
        .then(Bindings.createStringBinding(() -> "A model named " + modelName() + " exists: choose another name.",
            name.textProperty()))
        .otherwise(Bindings.when(stopped.and(resume.selectedProperty().not()))
            .then("Its training was stopped: continue it, or choose another name.")
            .otherwise("")));
    resume.setId("resume");
    resume.visibleProperty().bind(stopped);
    resume.managedProperty().bind(stopped);
    Label startNote = new Label();
    startNote.setId("start-note");
    startNote.setWrapText(true);
    startNote.setMaxWidth(620); // wraps within the page rather than widening it
    // Room for three lines from the start: the dialog does not grow when the note appears.
    startNote.setMinHeight(54);
    startNote.setAlignment(Pos.TOP_LEFT);
    startNote.textProperty().bind(Bindings.createStringBinding(() -> startNote(found.get().start()), found));
    grid.add(resume, 0, 6, 3, 1);
    grid.add(takenNote, 0, 7, 3, 1);
    grid.add(startNote, 0, 8, 3, 1);
    BooleanBinding incomplete = Bindings.createBooleanBinding(
        () -> checks.busy() || modelName().isEmpty() || encoder.getText().isBlank() || taken.get()
            || (stopped.get() && !resume.isSelected())
            || (!FRESH.equals(startFrom.getValue()) && (found.get().start() == null || found.get().start().problem() != null)),
        name.textProperty(), encoder.textProperty(), found, resume.selectedProperty(), startFrom.valueProperty());
    return page("Which model: a new one, or one of yours fine-tuned on these slides", grid, incomplete);
  }

  private static String startNote(Start start) {
    if (start == null) {
      return "";
    }
    return start.problem() != null
        ? "This model cannot be fine-tuned: " + start.problem()
        : "Fine-tuning keeps the model's aggregator, classes, encoder and patch grid, and trains its MHIM stage on"
            + " these slides, at half the learning rate of a new model, into a new model; the model itself is not"
            + " changed.";
  }

  private static WizardPane page(String header, GridPane content, BooleanBinding incomplete) {
    WizardPane page = new WizardPane() {
      @Override
      public void onEnteringPage(Wizard wizard) {
        wizard.invalidProperty().bind(incomplete);
      }

      @Override
      public void onExitingPage(Wizard wizard) {
        wizard.invalidProperty().unbind();
      }
    };
    page.setHeaderText(header);
    page.setContent(content);
    return page;
  }

  /** The name as a folder name: letters, digits, '-', '_' and '.', the rest as '-'. */
  String modelName() {
    return name.getText().strip().replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[.-]+", "");
  }

  /** What the fields ask for, the model under the viewer's models folder, its features beside. */
  SlideTraining.Request request() {
    Start start = FRESH.equals(startFrom.getValue()) ? null : found.get().start();
    TrainingOptions.Builder options = TrainingOptions.builder()
        .aggregator(AggregatorKind.parse(aggregator.getValue()))
        .epochs(epochs.getValue())
        .baselineEpochs(epochs.getValue())
        .learningRate(learningRate.getValue())
        .device(Devices.best().isGpu() ? "gpu" : "cpu"); // where PyTorch sees one, as extraction does
    if (start != null) {
      options.aggregator(start.aggregator()).mlpDim(start.mlpDim());
    }
    String model = modelName();
    return new SlideTraining.Request(labelled.labelsFile(), labelled.slidesFolder(),
        start != null ? start.encoder() : encoder.getText().strip(), options.build(), folders.featureCache(),
        folders.models().resolveSibling("training").resolve(model), folders.models().resolve(model),
        resume.isSelected() && found.get().stopped(), start != null ? start.bundle() : null,
        start != null ? start.grid() : PatchGridSettings.defaults());
  }
}
