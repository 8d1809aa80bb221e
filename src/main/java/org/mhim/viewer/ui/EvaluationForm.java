package org.mhim.viewer.ui;

import java.nio.file.Path;
import java.util.Optional;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;
import org.mhim.viewer.analysis.SlideSetEvaluation;

/**
 * Analysis ▸ Evaluate Chosen Model on Labelled Slides…: asks which labelled slides; OK waits until
 * the labels file and the slides folder exist (looked up in the background). FX thread.
 */
final class EvaluationForm {

  final LabelledSlidesFields fields = new LabelledSlidesFields();
  private final SimpleBooleanProperty ready = new SimpleBooleanProperty();
  private final LatestOnly<String[], Boolean> checks;

  EvaluationForm(Background background) {
    checks = new LatestOnly<>(background, asked -> FormFields.isFile(asked[0]) && FormFields.isFolder(asked[1]),
        ready::set, error -> ready.set(false));
    fields.labels.textProperty().addListener((obs, old, now) -> recheck());
    fields.slides.textProperty().addListener((obs, old, now) -> recheck());
  }

  private void recheck() {
    ready.set(false);
    checks.submit(new String[] {fields.labels.getText(), fields.slides.getText()});
  }

  /** True while a check of the fields is under way (tests wait for it). */
  boolean checking() {
    return checks.busy();
  }

  /** The dialog, not yet shown; {@code model} names the chosen model in its header. */
  Dialog<ButtonType> dialog(Window owner, String model) {
    GridPane grid = FormFields.grid();
    fields.addTo(grid, 0, owner);
    grid.add(new Label("The labels must name the model's classes (or their indices)."), 0, 2, 3, 1);
    return FormFields.dialog(owner, "Evaluate the chosen model on labelled slides", "How well does " + model
        + " predict slides whose labels you know?\n"
        + "Each slide is analysed as Analyze does (features are cached), then scored against its label.", grid, ready);
  }

  /** Shows the dialog and waits for it; the request when the user pressed OK. */
  Optional<SlideSetEvaluation.Request> ask(Window owner, String model, Path modelPath, Path cache) {
    return dialog(owner, model).showAndWait().filter(button -> button == ButtonType.OK)
        .map(button -> request(modelPath, cache));
  }

  SlideSetEvaluation.Request request(Path model, Path cache) {
    return new SlideSetEvaluation.Request(fields.labelsFile(), fields.slidesFolder(), model, cache);
  }
}
