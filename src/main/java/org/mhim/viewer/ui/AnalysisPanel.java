package org.mhim.viewer.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.mhim.viewer.analysis.AnalysisProgress;
import org.mhim.viewer.analysis.SlideResult;

/**
 * The "Analysis" side panel of one slide: progress with cancel while the model runs, then the
 * predicted class with every class probability as a bar, the demo model's warning, the overlay
 * controls, and any further sections other panels add ({@link #addSection}).
 */
final class AnalysisPanel extends ScrollPane {

  /** Said wherever the demo model's output is shown. */
  static final String DEMO_WARNING =
      "The demo model is trained on synthetic slides only. Its output is not for diagnosis.";

  private final VBox content = new VBox(10);
  private final Label status = new Label("Press Analyze (F5) to run the model on this slide.");
  private final Label phase = new Label();
  private final ProgressBar progress = new ProgressBar();
  private final Button cancel = new Button("Cancel", new FontIcon("mdi2s-stop-circle-outline"));
  private final VBox progressBox;
  private final Label predicted = new Label();
  private final Label model = new Label();
  private final GridPane probabilities = new GridPane();
  private final Label warning = new Label(DEMO_WARNING);
  private final VBox resultBox;
  private final VBox overlays = new VBox(12);
  private final VBox sections = new VBox(8);
  private final ReadOnlyObjectWrapper<SlideResult> result = new ReadOnlyObjectWrapper<>(this, "result");
  private final List<OverlayControls> overlayControls = new ArrayList<>();

  AnalysisPanel() {
    getStyleClass().add("analysis-panel");
    status.setWrapText(true);
    status.getStyleClass().add("analysis-status");
    progress.setMaxWidth(Double.MAX_VALUE);
    HBox.setHgrow(progress, Priority.ALWAYS);
    cancel.getStyleClass().add("analysis-cancel");
    progressBox = new VBox(4, phase, new HBox(8, progress, cancel));
    progressBox.setVisible(false);
    progressBox.setManaged(false);

    predicted.getStyleClass().add("predicted-class");
    model.setWrapText(true);
    model.getStyleClass().add("analysis-model");
    probabilities.setHgap(8);
    probabilities.setVgap(4);
    warning.setWrapText(true);
    warning.getStyleClass().add("demo-warning");
    warning.setGraphic(new FontIcon("mdi2a-alert-outline"));
    Label overlaysTitle = new Label("Overlays");
    overlaysTitle.setStyle("-fx-font-weight: bold;");
    resultBox = new VBox(8, predicted, probabilities, model, warning, overlaysTitle, overlays);
    resultBox.setVisible(false);
    resultBox.setManaged(false);

    content.getChildren().addAll(status, progressBox, resultBox, sections);
    content.setPadding(new Insets(10));
    setContent(content);
    setFitToWidth(true);
  }

  // ---- for the controller -----------------------------------------------------------------------

  /** Shows the progress bar, with a cancel button that runs {@code onCancel}. */
  void startProgress(String modelName, Runnable onCancel) {
    status.setText("Analysing with " + modelName + "…");
    phase.setText("Loading the model");
    progress.setProgress(ProgressBar.INDETERMINATE_PROGRESS);
    cancel.setDisable(false);
    cancel.setOnAction(e -> {
      cancel.setDisable(true);
      phase.setText("Cancelling…");
      onCancel.run();
    });
    progressBox.setVisible(true);
    progressBox.setManaged(true);
  }

  void showProgress(AnalysisProgress p) {
    if (cancel.isDisabled()) {
      return; // cancelling: late progress must not look like work going on
    }
    String name = p.phase().label();
    String text = Character.toUpperCase(name.charAt(0)) + name.substring(1);
    if (p.total() > 1) {
      text += String.format(Locale.ROOT, "  %d / %d patches", p.done(), p.total());
      if (p.patchesPerSecond() > 0) {
        text += String.format(Locale.ROOT, "  (%.0f/s)", p.patchesPerSecond());
      }
    }
    phase.setText(text);
    progress.setProgress(p.total() > 1 ? p.fraction() : ProgressBar.INDETERMINATE_PROGRESS);
  }

  /** Hides the progress bar; {@code message} says how it ended (cancelled, failed). */
  void stopProgress(String message) {
    progressBox.setVisible(false);
    progressBox.setManaged(false);
    status.setText(message);
  }

  /** Shows a finished result with its overlay controls. */
  void showResult(SlideResult r, List<OverlayControls> controls) {
    stopProgress(String.format(Locale.ROOT, "%d patches analysed in %.1f s.", r.instanceCount(),
        (r.timings().tissueMs() + r.timings().gridMs() + r.timings().featuresMs() + r.timings().modelMs()) / 1000.0));
    predicted.setText(r.predictedClassName());
    probabilities.getChildren().clear();
    for (int c = 0; c < r.classCount(); c++) {
      Label name = new Label(r.classNames().get(c));
      ProgressBar bar = new ProgressBar(r.slideProbability(c));
      bar.setPrefWidth(140);
      bar.getStyleClass().add("class-probability");
      Label value = new Label(String.format(Locale.ROOT, "%.3f", r.slideProbability(c)));
      if (c == r.predictedClass()) {
        name.setStyle("-fx-font-weight: bold;");
      }
      probabilities.addRow(c, name, bar, value);
    }
    model.setText("Model " + r.modelId() + ", encoder " + r.encoderId());
    warning.setVisible(r.demoModel());
    warning.setManaged(r.demoModel());
    overlayControls.clear();
    overlayControls.addAll(controls);
    overlays.getChildren().setAll(controls);
    sections.getChildren().clear();
    resultBox.setVisible(true);
    resultBox.setManaged(true);
    result.set(r);
  }

  // ---- for tests and further panels -------------------------------------------------------------

  /** The result shown, null before the first one. */
  ReadOnlyObjectProperty<SlideResult> resultProperty() {
    return result.getReadOnlyProperty();
  }

  /**
   * Adds a collapsible section below the overlays (hard instances, gallery, export, …). Sections
   * belong to the result shown: a new result clears them, so add them from a result listener
   * ({@link AnalysisController#addResultListener}). FX thread.
   */
  TitledPane addSection(String title, Node body) {
    TitledPane pane = new TitledPane(title, body);
    pane.setAnimated(false);
    sections.getChildren().add(pane);
    return pane;
  }

  /** Adds further controls to the overlay list (say, another overlay's), below the others. */
  void addOverlayControls(Node controls) {
    overlays.getChildren().add(controls);
  }

  List<OverlayControls> overlayControls() {
    return List.copyOf(overlayControls);
  }

  Label predictedLabel() {
    return predicted;
  }

  Label statusLabel() {
    return status;
  }

  Label phaseLabel() {
    return phase;
  }

  Button cancelButton() {
    return cancel;
  }

  boolean progressShowing() {
    return progressBox.isVisible();
  }

  Label warningLabel() {
    return warning;
  }
}
