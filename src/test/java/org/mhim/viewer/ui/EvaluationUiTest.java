package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mhim.viewer.ui.ViewerTestSupport.fx;
import static org.mhim.viewer.ui.ViewerTestSupport.fxRun;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.event.ActionEvent;
import javafx.scene.chart.LineChart;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import org.junit.jupiter.api.Test;
import org.mhim.viewer.analysis.SlideSetEvaluation;
import org.mhim.viewer.features.Cancellation;
import org.mhim.viewer.train.SlideTrainingTest;

/**
 * Analysis ▸ Evaluate Chosen Model on Labelled Slides…: the form waits for real files, a run on real
 * demo slides shows its scores and slides, a stopped one says so, and the slides are saved as CSV.
 */
class EvaluationUiTest extends LabelledSlidesFixture {

  private SlideSetEvaluation.Request request(Path labels) {
    return new SlideSetEvaluation.Request(labels, data.resolve("slides"), Path.of("demo"), data.resolve("features"));
  }

  @Test
  void okWaitsForALabelsFileAndASlidesFolder() throws Exception {
    Path labels = SlideTrainingTest.labelledSlides(data);
    EvaluationForm form = fx(() -> new EvaluationForm(background));
    Dialog<ButtonType> dialog = fx(() -> {
      Dialog<ButtonType> d = form.dialog(window.stage(), "Demo model");
      d.show();
      return d;
    });
    try {
      assertTrue(okDisabled(form, dialog), "nothing given");
      fxRun(() -> form.fields.labels.setText(labels.toString()));
      assertTrue(okDisabled(form, dialog), "no slides folder");
      fxRun(() -> form.fields.slides.setText(data.resolve("slides").toString()));
      assertFalse(okDisabled(form, dialog));
      assertEquals(labels, fx(() -> form.request(Path.of("demo"), data.resolve("features"))).labels());
    } finally {
      fxRun(dialog::close);
    }
  }

  private static boolean okDisabled(EvaluationForm form, Dialog<ButtonType> dialog) {
    ViewerTestSupport.waitUntil("the fields checked", () -> !form.checking(), 10);
    return fx(() -> dialog.getDialogPane().lookupButton(ButtonType.OK).isDisabled());
  }

  @Test
  void aRunShowsTheScoresAndEverySlide() throws Exception {
    Path labels = SlideTrainingTest.labelledSlides(data);
    EvaluationRun run = fx(() -> window.analysis().evaluate(request(labels), "Demo model"));
    ViewerTestSupport.waitUntil("the results shown", () -> run.results() != null, 120);
    Dialog<ButtonType> results = fx(run::results);
    try {
      assertFalse(fx(() -> run.stage().isShowing()), "the progress window closes");
      String summary = fx(() -> ((Label) results.getDialogPane().lookup("#evaluation-summary")).getText());
      assertTrue(summary.startsWith("6 slides: AUC "), summary);
      TableView<?> slides = fx(() -> (TableView<?>) results.getDialogPane().lookup("#evaluation-slides"));
      assertEquals(6, (int) fx(() -> slides.getItems().size()));
      // Kept as soon as it ended: closing the window loses nothing.
      List<Path> kept;
      try (var files = Files.list(data.resolve("results").resolve("evaluations"))) {
        kept = files.toList();
      }
      assertEquals(1, kept.size(), kept.toString());
      assertTrue(kept.getFirst().getFileName().toString().matches("demo-\\d{8}-\\d{6}\\.csv"), kept.toString());
      assertEquals(7, Files.readAllLines(kept.getFirst()).size());
      assertTrue(fx(() -> ((Label) results.getDialogPane().lookup("#evaluation-kept")).getText())
          .contains(kept.getFirst().toString()));
      LineChart<?, ?> roc = fx(() -> (LineChart<?, ?>) results.getDialogPane().lookup("#evaluation-roc"));
      assertEquals(1, (int) fx(() -> roc.getData().size()), "two classes: one curve");
      assertTrue(fx(() -> roc.getData().getFirst().getName()).startsWith("tumor (AUC "),
          fx(() -> roc.getData().getFirst().getName()));
      assertTrue(fx(() -> window.errorMessages().isEmpty()), () -> fx(() -> window.errorMessages().toString()));

      // Enter on a slide opens it in the viewer.
      fxRun(() -> {
        slides.getSelectionModel().select(2);
        slides.fireEvent(new KeyEvent(KeyEvent.KEY_PRESSED, "", "", KeyCode.ENTER, false, false, false, false));
      });
      Path third = data.resolve("slides").resolve("wizard-002.tif");
      ViewerTestSupport.waitUntil("the slide open", () -> {
        SlideTab tab = window.currentTabProperty().get();
        return tab != null && tab.path().equals(third);
      }, 30);
    } finally {
      fxRun(results::close);
    }

    // Saving: written where asked; a place that cannot be written is named.
    SlideSetEvaluation.Result result = SlideSetEvaluation.run(request(labels), (id, s, n, share) -> {}, new Cancellation());
    List<String> failures = new CopyOnWriteArrayList<>();
    AnalysisController.ErrorSink sink = (title, message) -> failures.add(title + ": " + message);
    Path csv = data.resolve("evaluation.csv");
    fxRun(() -> EvaluationResults.save(result, csv, background, sink));
    ViewerTestSupport.waitUntil("the CSV written", () -> Files.isRegularFile(csv), 20);
    assertEquals(result.csv(), Files.readString(csv));
    Path nowhere = csv.resolve("inside-a-file.csv"); // its folder is a file
    fxRun(() -> EvaluationResults.save(result, nowhere, background, sink));
    ViewerTestSupport.waitUntil("the failure named", () -> !failures.isEmpty(), 20);
    assertTrue(failures.getFirst().startsWith("Cannot save the evaluation: ") && failures.getFirst().contains(nowhere.toString()),
        failures.getFirst());
  }

  @Test
  void aStoppedRunSaysSo() throws Exception {
    Path labels = SlideTrainingTest.labelledSlides(data);
    EvaluationRun run = fx(() -> window.analysis().evaluate(request(labels), "Demo model"));
    fxRun(() -> run.stage().getScene().lookup("#progress-cancel").fireEvent(new ActionEvent()));
    ViewerTestSupport.waitUntil("the stop reported", () -> !window.errorMessages().isEmpty(), 120);
    assertTrue(fx(() -> window.errorMessages().getFirst()).contains("was stopped"),
        fx(() -> window.errorMessages().getFirst()));
    assertEquals(null, fx(run::results));
  }

  /** Results that cannot be kept on disk are shown all the same, and the failure is named. */
  @Test
  void resultsThatCannotBeKeptAreShownAndTheFailureNamed() throws Exception {
    Path labels = SlideTrainingTest.labelledSlides(data);
    Files.writeString(data.resolve("results"), "a file where the results folder would be");
    EvaluationRun run = fx(() -> window.analysis().evaluate(request(labels), "Demo model"));
    ViewerTestSupport.waitUntil("the results shown", () -> run.results() != null, 120);
    Dialog<ButtonType> results = fx(run::results);
    try {
      assertTrue(fx(() -> ((Label) results.getDialogPane().lookup("#evaluation-kept")).getText())
          .contains("could not be saved: use Save as CSV"));
      ViewerTestSupport.waitUntil("the failure named", () -> !window.errorMessages().isEmpty(), 20);
      assertTrue(fx(() -> window.errorMessages().getFirst()).contains(data.resolve("results").toString()),
          fx(() -> window.errorMessages().getFirst()));
    } finally {
      fxRun(results::close);
    }
  }
}
