package org.mhim.viewer.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.mhim.viewer.analysis.SlideSetEvaluation;
import org.mhim.viewer.io.ErrorMessages;

/**
 * One evaluation from the {@link EvaluationForm}, in the background, watched in a progress window
 * with Cancel; its results then open in a dialog of their own ({@link EvaluationResults}). FX thread.
 */
final class EvaluationRun {

  private final Window owner;
  private final String model;
  private final ProgressWindow window;
  private final Consumer<Path> openSlide;
  private Dialog<ButtonType> results;

  /** @param openSlide opens a slide of the results in the viewer */
  EvaluationRun(Window owner, String model, Consumer<Path> openSlide) {
    this.owner = owner;
    this.model = model;
    this.openSlide = openSlide;
    this.window = new ProgressWindow(owner, "Evaluating " + model);
  }

  Stage stage() {
    return window.stage();
  }

  /** The results dialog once the run has ended well, else null. */
  Dialog<ButtonType> results() {
    return results;
  }

  /** How a run ended well: its result, and why it could not be kept on disk (null when it was). */
  private record Ended(SlideSetEvaluation.Result result, IOException notKept) {}

  /**
   * Runs it in the background; the slides are saved to {@code keep} as soon as it ends (nothing is
   * lost when the results' window is closed), then the results open. When saving fails the results
   * open all the same, and the failure is named (Save as CSV… can put them elsewhere).
   */
  void start(Background background, SlideSetEvaluation.Request request, Path keep,
      AnalysisController.ErrorSink errors) {
    window.stage().show();
    ProgressWindow.SlideReports reports = window.slideReports("Analysing", 1);
    background.run(() -> {
      SlideSetEvaluation.Result result = SlideSetEvaluation.run(request, reports::slide, window.cancellation());
      try {
        result.writeCsv(keep);
        return new Ended(result, null);
      } catch (IOException e) {
        return new Ended(result, e);
      }
    }, ended -> {
      window.stage().close();
      results = EvaluationResults.dialog(owner, model, ended.result(), ended.notKept() == null ? keep : null,
          background, errors, openSlide);
      results.show();
      if (ended.notKept() != null) {
        errors.show("Cannot keep the evaluation", ErrorMessages.about(keep, ended.notKept()));
      }
    }, error -> {
      window.stage().close();
      if (error instanceof CancellationException) {
        errors.show("Evaluation stopped", "The evaluation of " + model + " was stopped; nothing was scored.");
      } else {
        errors.show("Evaluation failed", ErrorMessages.about(request.labels(), error));
      }
    });
  }
}
