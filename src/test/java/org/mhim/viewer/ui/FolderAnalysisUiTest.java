package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mhim.viewer.ui.ViewerTestSupport.fx;
import static org.mhim.viewer.ui.ViewerTestSupport.fxRun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javafx.event.ActionEvent;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import org.junit.jupiter.api.Test;
import org.mhim.viewer.analysis.BatchAnalysis;
import org.mhim.viewer.analysis.ResultFiles;
import org.mhim.viewer.analysis.SlideResult;
import org.mhim.viewer.features.TestSlides;

/**
 * Analysis ▸ Analyze Slides in Folder…: the form says how many slides a folder holds; a run on real
 * slides lists each as it ends, a broken one with its problem, keeps the results where Analyze keeps
 * them, and a slide opens from the list with its results; a stopped run says so.
 */
class FolderAnalysisUiTest extends LabelledSlidesFixture {

  @Test
  void theFormSaysHowManySlidesTheFolderHolds() throws Exception {
    Path slides = Files.createDirectories(data.resolve("slides"));
    FolderAnalysisForm form = fx(() -> new FolderAnalysisForm(background));
    Dialog<ButtonType> dialog = shown(form);
    try {
      assertTrue(okDisabled(form, dialog), "nothing given");
      fxRun(() -> form.folder.setText(slides.resolve("missing").toString()));
      assertTrue(okDisabled(form, dialog), "no such folder");
      assertEquals(slides.resolve("missing") + ": no such folder", fx(form.found::getText));
      fxRun(() -> form.folder.setText(slides.toString()));
      assertTrue(okDisabled(form, dialog), "an empty folder");
      assertTrue(fx(form.found::getText).startsWith("No slide files directly in this folder (*.svs, "),
          fx(form.found::getText));
      Path a = Files.copy(TestSlides.small("folder-a", 41), slides.resolve("a.tif"));
      Path b = Files.copy(TestSlides.small("folder-b", 42), slides.resolve("b.svs"));
      Files.writeString(slides.resolve("notes.txt"), "not a slide");
      fxRun(() -> form.folder.setText(slides + "/"));
      assertFalse(okDisabled(form, dialog));
      assertEquals("2 slides: a.tif, b.svs", fx(form.found::getText));
      assertEquals(List.of(a, b), fx(form::slides).stream().map(p -> slides.resolve(p.getFileName())).toList());
    } finally {
      fxRun(dialog::close);
    }

    // Started at a folder (the open slide's), it is listed at once.
    FolderAnalysisForm started = fx(() -> new FolderAnalysisForm(background).startingAt(slides));
    Dialog<ButtonType> again = shown(started);
    try {
      assertFalse(okDisabled(started, again));
      assertEquals(slides.toString(), fx(started.folder::getText));
      assertEquals(2, fx(started::slides).size());
    } finally {
      fxRun(again::close);
    }
  }

  /** Runs the folder analysis of {@code slides} with the demo model and waits for its end. */
  private FolderAnalysisRun ranToTheEnd(List<Path> slides) {
    FolderAnalysisRun run = fx(() -> window.analysis().analyzeFolder(slides, "demo"));
    Label status = status(run);
    ViewerTestSupport.waitUntil("the run ended", () -> fx(status::getText).contains("slides analysed"), 180);
    return run;
  }

  private static Label status(FolderAnalysisRun run) {
    return fx(() -> (Label) run.stage().getScene().lookup("#progress-status"));
  }

  /** The folder holding the batch's summary (and its slides' results). */
  private Path resultsFolder() throws IOException {
    try (Stream<Path> files = Files.walk(data.resolve("results"))) {
      return files.filter(f -> f.getFileName().toString().equals(BatchAnalysis.SUMMARY)).findFirst().orElseThrow().getParent();
    }
  }

  private static void enterOn(TableView<?> table, int row) {
    fxRun(() -> {
      table.getSelectionModel().select(row);
      table.fireEvent(new KeyEvent(KeyEvent.KEY_PRESSED, "", "", KeyCode.ENTER, false, false, false, false));
    });
  }

  private void waitUntilOpenWithResults(Path slide) {
    ViewerTestSupport.waitUntil(slide.getFileName() + " open with its results", () -> {
      SlideTab tab = window.currentTabProperty().get();
      return tab != null && tab.path().equals(slide)
          && window.analysis().analysisOf(tab).map(analysis -> analysis.result() != null).orElse(false);
    }, 60);
  }

  private Dialog<ButtonType> shown(FolderAnalysisForm form) {
    return fx(() -> {
      Dialog<ButtonType> dialog = form.dialog(window.stage(), "Demo model");
      dialog.show();
      return dialog;
    });
  }

  private static boolean okDisabled(FolderAnalysisForm form, Dialog<ButtonType> dialog) {
    ViewerTestSupport.waitUntil("the folder listed", () -> !form.checking(), 10);
    return fx(() -> dialog.getDialogPane().lookupButton(ButtonType.OK).isDisabled());
  }

  @Test
  void aRunListsEverySlideKeepsTheResultsAndOpensASlideWithThem() throws Exception {
    Path slides = Files.createDirectories(data.resolve("slides"));
    Path a = Files.copy(TestSlides.small("folder-a", 41), slides.resolve("a.tif"));
    Path broken = Files.writeString(slides.resolve("broken.svs"), "not a slide");
    Path b = Files.copy(TestSlides.small("folder-b", 42), slides.resolve("b.tif"));
    FolderAnalysisRun run = ranToTheEnd(List.of(a, broken, b));
    assertTrue(fx(() -> run.stage().isShowing()), "the window stays open with its list");
    List<BatchAnalysis.Outcome> listed = fx(run::listed);
    assertEquals(List.of("a", "broken", "b"), listed.stream().map(BatchAnalysis.Outcome::slideId).toList());
    assertFalse(listed.get(1).analysed());
    assertTrue(listed.get(1).problem().contains("broken.svs"), listed.get(1).problem());
    String text = fx(status(run)::getText);
    assertTrue(text.startsWith("2 of 3 slides analysed (1 failed). Results and summary.csv are in "), text);

    // Where Analyze keeps a slide's results, with the summary beside them.
    Path out = resultsFolder();
    assertTrue(text.endsWith(out + "."), text);
    assertEquals(4, Files.readAllLines(out.resolve(BatchAnalysis.SUMMARY)).size());
    SlideResult first = new ResultFiles(out, "a").read();
    assertEquals(AnalysisFolders.under(data).resultsFor(first.modelId(), a), out);
    assertArrayEquals(first.slideProbabilities(), listed.get(0).probabilities());

    // Enter on the first slide opens it with its results, without running the model again.
    TableView<?> table = fx(() -> (TableView<?>) run.stage().getScene().lookup("#batch-slides"));
    enterOn(table, 0);
    waitUntilOpenWithResults(a);
    SlideResult shown = fx(() -> window.analysis().analysisOf(window.currentTabProperty().get()).orElseThrow().result());
    assertEquals(first.instanceCount(), shown.instanceCount());
    assertEquals(first.predictedClassName(), shown.predictedClassName());
    assertEquals(List.of(), fx(() -> List.copyOf(window.errorMessages())));

    // The broken slide's problem, asked for, is shown whole.
    enterOn(table, 1);
    ViewerTestSupport.waitUntil("the problem shown", () -> !window.errorMessages().isEmpty(), 10);
    assertTrue(fx(() -> window.errorMessages().getFirst()).contains("broken.svs"));
    fxRun(() -> run.stage().close());

    // The list again, after its window was closed, from the summary; the second slide opens from it.
    BatchSummaryWindow again = fx(() -> window.analysis().openSummary(out.resolve(BatchAnalysis.SUMMARY)));
    ViewerTestSupport.waitUntil("the summary listed", () -> fx(() -> again.stage().isShowing()), 20);
    assertEquals(listed.stream().map(BatchAnalysis.Outcome::slideId).toList(),
        fx(again::listed).stream().map(BatchAnalysis.Outcome::slideId).toList());
    assertTrue(fx(() -> ((Label) again.stage().getScene().lookup("#batch-summary-head")).getText())
        .startsWith("2 of 3 slides analysed (1 failed); from "));
    TableView<?> listedAgain = fx(() -> (TableView<?>) again.stage().getScene().lookup("#batch-slides"));
    enterOn(listedAgain, 2);
    waitUntilOpenWithResults(b);
    fxRun(() -> again.stage().close());
  }

  /** A slide's results opened from their JSON open the slide itself when another one is shown. */
  @Test
  void resultsOfAnotherSlideOpenThatSlide() throws Exception {
    Path slides = Files.createDirectories(data.resolve("slides"));
    Path a = Files.copy(TestSlides.small("folder-a", 41), slides.resolve("a.tif"));
    Path b = Files.copy(TestSlides.small("folder-b", 42), slides.resolve("b.tif"));
    FolderAnalysisRun run = ranToTheEnd(List.of(a, b));
    fxRun(() -> run.stage().close());
    Path out = resultsFolder();
    fxRun(() -> window.open(a));
    ViewerTestSupport.waitUntil("a open", () -> window.currentTabProperty().get() != null, 30);
    fxRun(() -> window.analysis().openResults(new ResultFiles(out, "b").summaryJson()));
    waitUntilOpenWithResults(b);
    assertEquals(List.of(), fx(() -> List.copyOf(window.errorMessages())));
  }

  @Test
  void aStoppedRunSaysSo() throws Exception {
    Path slides = Files.createDirectories(data.resolve("slides"));
    Path a = Files.copy(TestSlides.small("folder-a", 41), slides.resolve("a.tif"));
    FolderAnalysisRun run = fx(() -> window.analysis().analyzeFolder(List.of(a), "demo"));
    fxRun(() -> run.stage().getScene().lookup("#progress-cancel").fireEvent(new ActionEvent()));
    Label status = status(run);
    ViewerTestSupport.waitUntil("the stop reported", () -> fx(status::getText).startsWith("Stopped before"), 120);
    assertEquals("Stopped before the first slide ended; nothing was written.", fx(status::getText));
    assertEquals(List.of(), fx(run::listed));
    fxRun(() -> run.stage().close());
  }
}
