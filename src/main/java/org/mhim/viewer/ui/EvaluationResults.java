package org.mhim.viewer.ui;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.mhim.viewer.analysis.SlideSetEvaluation;
import org.mhim.viewer.analysis.SlideSetEvaluation.SlideOutcome;
import org.mhim.viewer.io.ErrorMessages;
import org.mhim.viewer.train.ClassificationMetrics;
import org.mhim.viewer.train.RocCurve;

/**
 * What an evaluation found: the scores, the confusion matrix and every slide's label, prediction
 * and probability, sortable; a double-click (or Enter) opens a slide in the viewer, where Analyze
 * shows its evidence at once (its features are cached); Save as CSV…. FX thread; the file is written
 * in the background.
 */
final class EvaluationResults {

  private EvaluationResults() {}

  /** @param kept where the slides were saved when the evaluation ended, or null when they could not be */
  static Dialog<ButtonType> dialog(Window owner, String model, SlideSetEvaluation.Result result, Path kept,
      Background background, AnalysisController.ErrorSink errors, Consumer<Path> openSlide) {
    Dialog<ButtonType> dialog = new Dialog<>();
    dialog.initOwner(owner);
    dialog.setTitle("Evaluation of " + model);
    dialog.setHeaderText(model + " on " + result.slides().size() + " labelled slides");
    dialog.setResizable(true);
    dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
    Button save = new Button("Save as CSV…");
    save.setId("evaluation-save");
    save.setOnAction(e -> {
      FileChooser chooser = new FileChooser();
      chooser.setTitle("Save the evaluation's slides");
      chooser.setInitialFileName("evaluation.csv");
      File file = chooser.showSaveDialog(dialog.getDialogPane().getScene().getWindow());
      if (file != null) {
        save(result, file.toPath(), background, errors);
      }
    });
    TableView<SlideOutcome> slides = slides(result);
    TableParts.openOnDoubleClickOrEnter(slides, chosen -> openSlide.accept(chosen.file()));
    Label hint = new Label("Double-click a slide (or press Enter) to open it; Analyze (F5) then shows its evidence"
        + " at once, its features being cached. "
        + (kept != null ? "The slides are saved in " + kept + "." : "The slides could not be saved: use Save as CSV…."));
    hint.setId("evaluation-kept");
    hint.setWrapText(true);
    HBox matrixAndCurve = new HBox(24, confusion(result), roc(result));
    VBox box = new VBox(12, summary(result.metrics()), matrixAndCurve, slides, hint, save);
    box.setPadding(new Insets(4, 12, 0, 12));
    box.setPrefWidth(640);
    dialog.getDialogPane().setContent(box);
    return dialog;
  }

  /** Writes the slides as CSV in the background; a failure is named. */
  static void save(SlideSetEvaluation.Result result, Path file, Background background,
      AnalysisController.ErrorSink errors) {
    background.run(() -> {
      result.writeCsv(file);
      return file;
    }, written -> {}, error -> errors.show("Cannot save the evaluation", ErrorMessages.about(file, error)));
  }

  private static Label summary(ClassificationMetrics m) {
    Label label = new Label(String.format(Locale.ROOT,
        "%d slides: AUC %s, accuracy %.3f, balanced accuracy %.3f, F1 %.3f", m.n(),
        Double.isNaN(m.auc()) ? "– (one class only)" : String.format(Locale.ROOT, "%.3f", m.auc()), m.accuracy(),
        m.balancedAccuracy(), m.f1()));
    label.setId("evaluation-summary");
    label.setStyle("-fx-font-weight: bold");
    return label;
  }

  /** Rows: the true class; columns: the predicted one. */
  private static GridPane confusion(SlideSetEvaluation.Result result) {
    GridPane grid = new GridPane();
    grid.setId("evaluation-confusion");
    grid.setHgap(16);
    grid.setVgap(2);
    List<String> classes = result.classNames();
    int[][] counts = result.metrics().confusion();
    grid.add(new Label("true ↓  predicted →"), 0, 0);
    for (int c = 0; c < classes.size(); c++) {
      grid.add(new Label(classes.get(c)), c + 1, 0);
      grid.add(new Label(classes.get(c)), 0, c + 1);
      for (int p = 0; p < classes.size(); p++) {
        Label count = new Label(Integer.toString(counts[c][p]));
        if (c == p) {
          count.setStyle("-fx-font-weight: bold");
        }
        grid.add(count, p + 1, c + 1);
      }
    }
    return grid;
  }

  /**
   * The ROC curve of each class against the rest from the slides' probabilities; with two classes
   * only the second's (the first's is its mirror).
   */
  private static LineChart<Number, Number> roc(SlideSetEvaluation.Result result) {
    LineChart<Number, Number> chart = new LineChart<>(axis("false-positive rate"), axis("true-positive rate"));
    chart.setId("evaluation-roc");
    chart.setTitle("ROC");
    chart.setAnimated(false);
    chart.setCreateSymbols(false);
    chart.setPrefSize(300, 240);
    List<String> classes = result.classNames();
    double[] scores = new double[result.slides().size()];
    boolean[] positive = new boolean[scores.length];
    for (int c = classes.size() == 2 ? 1 : 0; c < classes.size(); c++) {
      for (int i = 0; i < scores.length; i++) {
        SlideOutcome slide = result.slides().get(i);
        scores[i] = slide.probabilities()[c];
        positive[i] = slide.label() == c;
      }
      List<RocCurve.Point> points = RocCurve.of(scores, positive);
      if (points.isEmpty()) {
        continue; // the class has no slides, or only it has
      }
      XYChart.Series<Number, Number> series = new XYChart.Series<>();
      series.setName(String.format(Locale.ROOT, "%s (AUC %.3f)", classes.get(c),
          result.metrics().perClass().get(c).auc()));
      points.forEach(p -> series.getData().add(new XYChart.Data<>(p.falsePositiveRate(), p.truePositiveRate())));
      chart.getData().add(series);
    }
    return chart;
  }

  private static NumberAxis axis(String label) {
    NumberAxis axis = new NumberAxis(0, 1, 0.25);
    axis.setLabel(label);
    return axis;
  }

  private static TableView<SlideOutcome> slides(SlideSetEvaluation.Result result) {
    List<String> classes = result.classNames();
    TableView<SlideOutcome> table = new TableView<>();
    table.setId("evaluation-slides");
    table.setPrefHeight(260);
    table.getColumns().add(TableParts.text("Slide", s -> s.slideId()));
    table.getColumns().add(TableParts.text("Label", s -> classes.get(s.label())));
    table.getColumns().add(TableParts.text("Predicted", s -> classes.get(s.predicted())));
    table.getColumns().add(TableParts.text("Right", s -> s.label() == s.predicted() ? "✓" : "✗"));
    table.getColumns().add(TableParts.number("Probability of the label",
        s -> (double) s.probabilities()[s.label()], "%.3f"));
    table.getItems().setAll(result.slides());
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    return table;
  }
}
