package org.mhim.viewer.ui;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import org.mhim.viewer.analysis.BatchAnalysis.Outcome;
import org.mhim.viewer.analysis.ResultFiles;

/**
 * The slides of a batch, sortable: each slide's prediction and the probability of every class, its
 * patches, or why it failed. A double-click (or Enter) on an analysed slide opens it with its
 * results; on a failed one it shows the whole problem. FX thread.
 */
final class BatchSlidesTable {

  static final String HINT = "Double-click a slide (or press Enter) to open it with its results.";

  private final TableView<Outcome> table = new TableView<>();
  private final BiConsumer<Path, ResultFiles> openWithResults;
  private final AnalysisController.ErrorSink errors;
  /** Where the slides' result files are: known once the batch's model is (its id names the folder). */
  private Path results;

  /**
   * @param openWithResults opens a slide with its result files
   */
  BatchSlidesTable(String placeholder, BiConsumer<Path, ResultFiles> openWithResults, AnalysisController.ErrorSink errors) {
    this.openWithResults = openWithResults;
    this.errors = errors;
    table.setId("batch-slides");
    table.setPrefHeight(300);
    table.setPlaceholder(new Label(placeholder));
    TableParts.openOnDoubleClickOrEnter(table, this::open);
  }

  TableView<Outcome> view() {
    return table;
  }

  /** The columns for the model's classes, and the folder holding the slides' result files. */
  void prepare(List<String> classes, Path results) {
    this.results = results;
    table.getColumns().add(TableParts.text("Slide", Outcome::slideId));
    table.getColumns().add(TableParts.text("Predicted", o -> o.analysed() ? classes.get(o.predicted()) : "failed"));
    for (int c = 0; c < classes.size(); c++) {
      int index = c;
      table.getColumns().add(TableParts.number("p(" + classes.get(c) + ")",
          o -> o.analysed() ? (double) o.probabilities()[index] : null, "%.3f"));
    }
    table.getColumns().add(TableParts.number("Patches", o -> o.analysed() ? (double) o.patches() : null, "%.0f"));
    table.getColumns().add(TableParts.number("Hard", o -> o.analysed() ? (double) o.hardInstances() : null, "%.0f"));
    table.getColumns().add(problem());
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
  }

  void add(Outcome outcome) {
    table.getItems().add(outcome);
  }

  /** The slides listed. */
  List<Outcome> listed() {
    return List.copyOf(table.getItems());
  }

  private void open(Outcome outcome) {
    if (outcome.analysed()) {
      openWithResults.accept(outcome.file(), new ResultFiles(results, outcome.slideId()));
    } else {
      errors.show("Slide not analysed", outcome.problem());
    }
  }

  /** Why a slide failed, after its file (which the row names already); the whole of it in a tooltip. */
  private static TableColumn<Outcome, String> problem() {
    TableColumn<Outcome, String> column = TableParts.text("Problem", o -> o.analysed() ? null : o.problem());
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
}
