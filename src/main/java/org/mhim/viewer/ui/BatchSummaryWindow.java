package org.mhim.viewer.ui;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.mhim.viewer.analysis.BatchAnalysis;
import org.mhim.viewer.analysis.BatchAnalysis.Outcome;
import org.mhim.viewer.analysis.ResultFiles;

/**
 * A folder's analysis listed again from its {@value BatchAnalysis#SUMMARY} (Analysis ▸ Open Analysis
 * Results…), to go through its slides after the run's window was closed: the {@link
 * BatchSlidesTable}, whose result files are beside the summary. FX thread.
 */
final class BatchSummaryWindow {

  private final Stage stage = new Stage();
  private final Path summary;
  private final BatchSlidesTable table;
  private final Label head = new Label("Reading…");

  /** @param openWithResults opens a slide with its result files */
  BatchSummaryWindow(Window owner, Path summary, BiConsumer<Path, ResultFiles> openWithResults,
      AnalysisController.ErrorSink errors) {
    this.summary = summary;
    table = new BatchSlidesTable("The summary lists no slides.", openWithResults, errors);
    stage.initOwner(owner);
    Path folder = summary.toAbsolutePath().getParent();
    stage.setTitle("Slides of " + (folder.getFileName() == null ? folder : folder.getFileName()));
    head.setId("batch-summary-head");
    head.setWrapText(true);
    Label hint = new Label(BatchSlidesTable.HINT);
    Button close = new Button("Close");
    close.setCancelButton(true);
    close.setOnAction(e -> stage.close());
    VBox box = new VBox(10, head, table.view(), hint, close);
    box.setPadding(new Insets(14));
    box.setPrefWidth(880);
    stage.setScene(new Scene(box));
  }

  /** Lists the summary's slides and shows the window. */
  void show(BatchAnalysis.Result result) {
    table.prepare(result.classNames(), summary.toAbsolutePath().getParent());
    result.slides().forEach(table::add);
    head.setText(result.counts() + "; from " + summary + ".");
    stage.show();
  }

  Stage stage() {
    return stage;
  }

  /** The slides listed (tests read it). */
  List<Outcome> listed() {
    return table.listed();
  }
}
