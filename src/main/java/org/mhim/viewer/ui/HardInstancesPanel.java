package org.mhim.viewer.ui;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.geometry.HPos;
import javafx.geometry.Insets;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.mhim.viewer.analysis.HardInAnnotations;
import org.mhim.viewer.analysis.Instances;
import org.mhim.viewer.analysis.RemainingPrediction;
import org.mhim.viewer.analysis.ScoreBins;
import org.mhim.viewer.analysis.SlideResult;
import org.mhim.viewer.analysis.ThresholdContours;
import org.mhim.viewer.analysis.WhatRemains;
import org.mhim.viewer.io.ErrorMessages;
import org.mhim.viewer.tissue.Annotation;

/**
 * The hard instances the teacher masks at a ratio chosen on a slider (0.5–10 %), outlined on the
 * slide, and "what remains": the student's class probabilities once they are taken out of the
 * bag, beside its probabilities on the whole bag. Moving the slider recomputes regions and the
 * prediction in the background, for the latest position only.
 */
final class HardInstancesPanel extends VBox {

  static final double MIN_PERCENT = 0.5;
  static final double MAX_PERCENT = 10;

  private final SlideResult result;
  private final ViewerCanvas viewer;
  private final HardInstanceOverlay overlay;
  private final Slider slider = new Slider(MIN_PERCENT, MAX_PERCENT, MIN_PERCENT);
  private final Label ratioLabel = new Label();
  private final Label countLabel = new Label("…");
  private final CheckBox outline = new CheckBox("Outline on the slide");
  private final Label[] remainingLabels;
  private final Label verdict = new Label();
  private final ScoreHistogram histogram = new ScoreHistogram();
  private final ReadOnlyObjectWrapper<HardSelection> selection =
      new ReadOnlyObjectWrapper<>(this, "selection");
  private final LatestOnly<Double, HardSelection> recompute;
  private final ObservableValue<Optional<AnnotationLayer.Shown>> annotations;
  private final Label inAnnotations = new Label();
  private final LatestOnly<Placing, HardInAnnotations> place;

  /** The hard instances to place among annotations. */
  private record Placing(Instances instances, List<Annotation> annotations) {}

  /**
   * @param remains the model on this slide's bag, used on background threads only; empty when the
   *     bag is not at hand (then "what remains" says so)
   * @param annotations the slide's annotations, if loaded: where the hard instances lie among them
   * @param onError shows a message; FX thread
   */
  HardInstancesPanel(
      SlideResult result, Optional<WhatRemains> remains, ViewerCanvas viewer,
      ObservableValue<Optional<AnnotationLayer.Shown>> annotations, Background background, Consumer<String> onError) {
    this.result = result;
    this.viewer = viewer;
    this.overlay = new HardInstanceOverlay(viewer::requestRepaint);
    this.recompute =
        new LatestOnly<>(
            background,
            ratio -> compute(result, remains, ratio),
            this::show,
            error -> onError.accept("Cannot compute the hard instances: " + error.getMessage()));
    this.annotations = annotations;
    this.place = new LatestOnly<>(background, p -> HardInAnnotations.of(p.instances(), p.annotations()),
        placed -> {
          inAnnotations.setText(placed.summary());
          inAnnotations.setVisible(true);
        },
        error -> onError.accept("Cannot place the hard instances among the annotations: " + ErrorMessages.of(error)));
    inAnnotations.setId("hard-in-annotations");
    inAnnotations.setWrapText(true);
    inAnnotations.managedProperty().bind(inAnnotations.visibleProperty());
    inAnnotations.setVisible(false);
    annotations.addListener((obs, old, now) -> placeAmongAnnotations());
    getStyleClass().add("hard-instances-panel");
    setSpacing(8);
    setPadding(new Insets(10));

    slider.setMajorTickUnit(2);
    slider.setMinorTickCount(3);
    slider.setShowTickMarks(true);
    slider.setShowTickLabels(true);
    slider.setBlockIncrement(0.5);
    slider.setValue(Math.clamp(100 * result.hardRatio(), MIN_PERCENT, MAX_PERCENT));
    slider.valueProperty().addListener((obs, old, now) -> onRatio());
    ratioLabel.textProperty().bind(slider.valueProperty().asString(Locale.ROOT, "Teacher masks the top %.1f %%"));

    outline.setSelected(true);
    outline.selectedProperty().addListener((obs, was, on) -> {
      if (on) {
        viewer.overlays().add(overlay);
      } else {
        viewer.overlays().remove(overlay);
      }
    });

    GridPane table = new GridPane();
    table.setHgap(10);
    table.setVgap(2);
    ColumnConstraints number = new ColumnConstraints();
    number.setHalignment(HPos.RIGHT);
    table.getColumnConstraints().addAll(new ColumnConstraints(), number, number);
    table.addRow(0, new Label("Class"), heading("whole bag"), heading("without hard"));
    List<String> classes = result.classNames();
    remainingLabels = new Label[classes.size()];
    for (int c = 0; c < classes.size(); c++) {
      remainingLabels[c] = new Label("…");
      remainingLabels[c].setId("remaining-" + c);
      table.addRow(c + 1, new Label(classes.get(c)), new Label(percent(result.slideProbability(c))), remainingLabels[c]);
    }
    Label title = new Label("Hard instances");
    title.getStyleClass().add("panel-title");
    Label remainsTitle = new Label("What remains");
    remainsTitle.getStyleClass().add("panel-title");
    Label remainsHelp = new Label("The model's answer with the hard instances taken out of the bag: the subtler evidence it also uses.");
    remainsHelp.setWrapText(true);
    verdict.setWrapText(true);
    getChildren().addAll(title, ratioLabel, slider, countLabel, inAnnotations, histogram, outline, remainsTitle,
        remainsHelp, table, verdict);

    viewer.overlays().add(overlay);
    onRatio();
  }

  /** The hard-instance ratio in percent (the slider's value). */
  DoubleProperty percentProperty() {
    return slider.valueProperty();
  }

  /** The latest computed hard instances; null until the first is ready. */
  ReadOnlyObjectProperty<HardSelection> selectionProperty() {
    return selection.getReadOnlyProperty();
  }

  ScoreHistogram histogram() {
    return histogram;
  }

  HardInstanceOverlay overlay() {
    return overlay;
  }

  Slider slider() {
    return slider;
  }

  /** Whether a recomputation is running or waiting. */
  boolean busy() {
    return recompute.busy();
  }

  /** Where the hard instances lie among the slide's annotations; hidden while none are loaded. */
  Label inAnnotationsLabel() {
    return inAnnotations;
  }

  /** Removes the overlay from the canvas (the panel is going away). */
  void detach() {
    recompute.stop();
    place.stop();
    viewer.overlays().remove(overlay);
  }

  private void onRatio() {
    countLabel.setText("computing…");
    recompute.submit(slider.getValue() / 100);
  }

  private static HardSelection compute(SlideResult result, Optional<WhatRemains> remains, double ratio) {
    SlideResult atRatio = result.withHardRatio(ratio);
    return new HardSelection(ratio, atRatio.instances(), ThresholdContours.hardRegions(atRatio),
        remains.map(r -> r.at(ratio)), ScoreBins.of(atRatio.instances(), ScoreHistogram.binsFor(atRatio.instanceCount())));
  }

  private void show(HardSelection next) {
    overlay.setRegions(next.regions());
    histogram.show(next.scores());
    int n = next.instances().hardCount();
    int regions = next.regions().size();
    countLabel.setText(
        n + (n == 1 ? " instance" : " instances") + " of " + next.instances().size() + " in " + regions
            + (regions == 1 ? " region" : " regions"));
    if (next.remaining().isEmpty()) {
      for (Label label : remainingLabels) {
        label.setText("–");
      }
      verdict.setText("Run Analyze to see what remains: it needs the slide's features, which result files do not hold.");
    } else {
      showRemaining(next.remaining().get());
    }
    selection.set(next);
    placeAmongAnnotations();
  }

  private void placeAmongAnnotations() {
    HardSelection now = selection.get();
    Optional<AnnotationLayer.Shown> loaded = annotations.getValue();
    if (now == null || loaded.isEmpty()) {
      inAnnotations.setVisible(false);
      return;
    }
    place.submit(new Placing(now.instances(), loaded.get().overlay().annotations()));
  }

  private void showRemaining(RemainingPrediction remaining) {
    for (int c = 0; c < remainingLabels.length; c++) {
      remainingLabels[c].setText(remaining.isEmpty() ? "–" : percent(remaining.probability(c)));
    }
    if (remaining.isEmpty()) {
      verdict.setText("Nothing remains: every instance is hard.");
    } else {
      String without = result.classNames().get(remaining.predictedClass());
      verdict.setText(
          remaining.predictedClass() == result.predictedClass()
              ? "Without them the model still predicts " + without + "."
              : "Without them the model predicts " + without + " instead of " + result.predictedClassName() + ".");
    }
  }

  private static Label heading(String text) {
    Label label = new Label(text);
    label.getStyleClass().add("muted");
    return label;
  }

  private static String percent(float p) {
    return String.format(Locale.ROOT, "%.1f %%", 100 * p);
  }
}
