package org.mhim.viewer.ui;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.mhim.viewer.analysis.AnalysisListener;
import org.mhim.viewer.analysis.BatchAnalysis;
import org.mhim.viewer.analysis.BatchAnalysis.Outcome;
import org.mhim.viewer.analysis.ResultFiles;
import org.mhim.viewer.analysis.SlideAnalyzer;
import org.mhim.viewer.analysis.SlideBatch;
import org.mhim.viewer.io.ErrorMessages;

/**
 * The slides of a folder analysed one after the other in the background, in a window of their own:
 * progress with Cancel, and the {@link BatchSlidesTable}, which gains each slide as it ends. The
 * window stays open when the batch ends. FX thread.
 */
final class FolderAnalysisRun {

  private final BatchSlidesTable table;
  private final ProgressWindow window;
  private final AnalysisController.ErrorSink errors;

  /**
   * @param openWithResults opens a slide with its result files
   */
  FolderAnalysisRun(Window owner, String model, BiConsumer<Path, ResultFiles> openWithResults,
      AnalysisController.ErrorSink errors) {
    this.errors = errors;
    table = new BatchSlidesTable("Each slide is listed here as soon as it is analysed.", openWithResults, errors);
    Label hint = new Label(BatchSlidesTable.HINT);
    hint.setWrapText(true);
    window = new ProgressWindow(owner, "Analysing slides with " + model, table.view(), hint);
    window.setContentWidth(880); // a probability column per class, and the problems
  }

  Stage stage() {
    return window.stage();
  }

  /** The slides listed so far (tests read it). */
  List<Outcome> listed() {
    return table.listed();
  }

  /** How the batch ended: its slides, and where their results are. */
  private record Ended(BatchAnalysis.Result result, Path out) {}

  /**
   * Loads the model and analyses {@code slides} into the folder {@link AnalysisFolders#resultsFor}
   * gives the first of them (a folder's slides share it).
   */
  void start(Background background, List<Path> slides, String model, AnalysisFolders folders) {
    window.stage().show();
    background.run(() -> {
      try (SlideAnalyzer analyzer = AnalysisController.openAnalyzer(model, folders)) {
        Path out = folders.resultsFor(analyzer.modelId(), slides.getFirst());
        SlideBatch batch = SlideBatch.of(slides, out);
        List<String> classes = analyzer.classNames();
        Platform.runLater(() -> table.prepare(classes, out));
        return new Ended(BatchAnalysis.run(analyzer, batch.slides(), out, listener(), window.cancellation()), out);
      }
    }, ended -> window.finished(summary(ended)), error -> {
      window.stage().close();
      errors.show("Folder analysis failed", ErrorMessages.of(error));
    });
  }

  private BatchAnalysis.Listener listener() {
    ProgressWindow.SlideReports reports = window.slideReports("Analysing", 1);
    return new BatchAnalysis.Listener() {
      @Override
      public AnalysisListener started(Path file, int slide, int slides) {
        return progress -> reports.slide(file.getFileName().toString(), slide, slides, progress.overall());
      }

      @Override
      public void ended(Outcome outcome) {
        Platform.runLater(() -> table.add(outcome));
      }
    };
  }

  private static String summary(Ended ended) {
    BatchAnalysis.Result result = ended.result();
    if (result.slides().isEmpty()) {
      return "Stopped before the first slide ended; nothing was written.";
    }
    String head = result.stopped() ? result.stoppedCounts() : result.counts();
    return head + ". Results and " + BatchAnalysis.SUMMARY + " are in " + ended.out() + ".";
  }
}
