package org.mhim.viewer.ui;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.mhim.viewer.analysis.SlideSetEvaluation;

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

  /**
   * Runs it in the background; the slides are saved to {@code keep} as soon as it ends (nothing is
   * lost when the results' window is closed), then the results open.
   */
  void start(Background background, SlideSetEvaluation.Request request, Path keep,
      AnalysisController.ErrorSink errors) {
    window.stage().show();
    background.run(() -> {
      SlideSetEvaluation.Result result = SlideSetEvaluation.run(request,
          (slideId, slide, slides, share) -> window.report(
              String.format(Locale.ROOT, "Analysing slide %d of %d (%s)", slide, slides, slideId),
              (slide - 1 + share) / slides),
          window.cancellation());
      result.writeCsv(keep);
      return result;
    }, result -> {
      window.stage().close();
      results = EvaluationResults.dialog(owner, model, result, keep, background, errors, openSlide);
      results.show();
    }, error -> {
      window.stage().close();
      if (error instanceof CancellationException) {
        errors.show("Evaluation stopped", "The evaluation of " + model + " was stopped; nothing was scored.");
      } else {
        errors.show("Evaluation failed", AnalysisController.message(request.labels(), error));
      }
    });
  }
}
