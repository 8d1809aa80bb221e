package org.mhim.viewer.ui;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.mhim.viewer.analysis.AnalysisListener;
import org.mhim.viewer.analysis.BatchAnalysis;
import org.mhim.viewer.analysis.BatchAnalysis.Outcome;
import org.mhim.viewer.analysis.ResultFiles;
import org.mhim.viewer.analysis.SlideAnalyzer;
import org.mhim.viewer.analysis.SlideBatch;
import org.mhim.viewer.features.FeatureCache;
import org.mhim.viewer.mil.ModelLocator;

/**
 * The slides of a folder analysed one after the other in the background, in a window of their own:
 * progress with Cancel, and a sortable table that gains each slide as it ends (its prediction, or
 * why it failed). The window stays open when the batch ends; a double-click (or Enter) on an
 * analysed slide opens it with its results. FX thread.
 */
final class FolderAnalysisRun {

  private final TableView<Outcome> table = new TableView<>();
  private final Label hint = new Label("Double-click a slide (or press Enter) to open it with its results.");
  private final ProgressWindow window;
  private final BiConsumer<Path, Path> openWithResults;
  private final AnalysisController.ErrorSink errors;
  /** Where the results go: known once the model is loaded (its id names the folder). */
  private volatile Path out;

  /**
   * @param openWithResults opens a slide (first) with the results its summary JSON (second) names
   */
  FolderAnalysisRun(Window owner, String model, BiConsumer<Path, Path> openWithResults,
      AnalysisController.ErrorSink errors) {
    this.openWithResults = openWithResults;
    this.errors = errors;
    hint.setWrapText(true);
    window = new ProgressWindow(owner, "Analysing slides with " + model, table, hint);
    window.setContentWidth(880); // a probability column per class, and the problems
    table.setId("folder-slides-table");
    table.setPrefHeight(300);
    table.setPlaceholder(new Label("Each slide is listed here as soon as it is analysed."));
    table.setRowFactory(view -> {
      TableRow<Outcome> row = new TableRow<>();
      row.setOnMouseClicked(e -> {
        if (e.getClickCount() == 2 && !row.isEmpty()) {
          open(row.getItem());
        }
      });
      return row;
    });
    table.setOnKeyPressed(e -> {
      Outcome chosen = table.getSelectionModel().getSelectedItem();
      if (e.getCode() == KeyCode.ENTER && chosen != null) {
        open(chosen);
      }
    });
  }

  Stage stage() {
    return window.stage();
  }

  /** The slides listed so far (tests read it). */
  List<Outcome> listed() {
    return List.copyOf(table.getItems());
  }

  private void open(Outcome outcome) {
    if (outcome.analysed()) {
      openWithResults.accept(outcome.file(), new ResultFiles(out, outcome.slideId()).summaryJson());
    } else {
      errors.show("Slide not analysed", outcome.problem());
    }
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
      try (SlideAnalyzer analyzer = SlideAnalyzer.builder()
          .setModel(ModelLocator.resolve(model))
          .optDemoModel(ModelLocator.DEMO.equals(model))
          .optCache(new FeatureCache(folders.featureCache()))
          .build()) {
        Path target = folders.resultsFor(analyzer.modelId(), slides.getFirst());
        SlideBatch batch = SlideBatch.of(slides, target);
        out = target;
        Platform.runLater(() -> addColumns(analyzer.classNames()));
        return new Ended(BatchAnalysis.run(analyzer, batch.slides(), target, listener(), window.cancellation()), target);
      }
    }, ended -> window.finished(summary(ended)), error -> {
      window.stage().close();
      errors.show("Folder analysis failed", error.getMessage() == null ? error.toString() : error.getMessage());
    });
  }

  private BatchAnalysis.Listener listener() {
    return new BatchAnalysis.Listener() {
      @Override
      public AnalysisListener started(Path file, int slide, int slides) {
        return progress -> window.report(
            String.format(Locale.ROOT, "Analysing slide %d of %d (%s)", slide, slides, file.getFileName()),
            (slide - 1 + progress.overall()) / slides);
      }

      @Override
      public void ended(Outcome outcome) {
        Platform.runLater(() -> table.getItems().add(outcome));
      }
    };
  }

  private static String summary(Ended ended) {
    BatchAnalysis.Result result = ended.result();
    long failed = result.failures();
    int listed = result.slides().size();
    if (listed == 0) {
      return "Stopped before the first slide ended; nothing was written.";
    }
    String head = result.stopped()
        ? "Stopped after " + listed + (listed == 1 ? " slide" : " slides")
        : (listed - failed) + " of " + listed + " slides analysed";
    return head + (failed > 0 ? " (" + failed + " failed)" : "") + ". Results and "
        + BatchAnalysis.SUMMARY + " are in " + ended.out() + ".";
  }

  /** The table's columns, once the model's classes are known: one probability column per class. */
  private void addColumns(List<String> classes) {
    table.getColumns().add(text("Slide", Outcome::slideId));
    table.getColumns().add(text("Predicted", o -> o.analysed() ? classes.get(o.predicted()) : "failed"));
    for (int c = 0; c < classes.size(); c++) {
      int index = c;
      table.getColumns().add(number("p(" + classes.get(c) + ")",
          o -> o.analysed() ? (double) o.probabilities()[index] : null, "%.3f"));
    }
    table.getColumns().add(number("Patches", o -> o.analysed() ? (double) o.patches() : null, "%.0f"));
    table.getColumns().add(number("Hard", o -> o.analysed() ? (double) o.hardInstances() : null, "%.0f"));
    table.getColumns().add(problem());
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
  }

  /** Why a slide failed, after its file (which the row names already); the whole of it in a tooltip. */
  private static TableColumn<Outcome, String> problem() {
    TableColumn<Outcome, String> column = text("Problem", o -> o.analysed() ? null : o.problem());
    column.setPrefWidth(220);
    column.setCellFactory(c -> new TableCell<>() {
      @Override
      protected void updateItem(String problem, boolean empty) {
        super.updateItem(problem, empty);
        Outcome outcome = empty ? null : getTableRow().getItem();
        if (problem == null || outcome == null) {
          setText(null);
          setTooltip(null);
          return;
        }
        String file = outcome.file().toString();
        setText(problem.startsWith(file) ? problem.substring(file.length()).replaceFirst("^:? ", "") : problem);
        Tooltip whole = new Tooltip(problem);
        whole.setWrapText(true);
        whole.setMaxWidth(600);
        setTooltip(whole);
      }
    });
    return column;
  }

  private static TableColumn<Outcome, String> text(String title, Function<Outcome, String> value) {
    TableColumn<Outcome, String> column = new TableColumn<>(title);
    column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
    return column;
  }

  /** A numeric column, sorted as numbers; empty for a failed slide. */
  private static TableColumn<Outcome, Double> number(String title, Function<Outcome, Double> value, String format) {
    TableColumn<Outcome, Double> column = new TableColumn<>(title);
    column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
    column.setCellFactory(c -> new TableCell<>() {
      @Override
      protected void updateItem(Double number, boolean empty) {
        super.updateItem(number, empty);
        setText(empty || number == null ? null : String.format(Locale.ROOT, format, number));
      }
    });
    return column;
  }
}
