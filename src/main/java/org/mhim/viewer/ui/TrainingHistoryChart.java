package org.mhim.viewer.ui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.util.StringConverter;
import org.mhim.viewer.train.EpochSummary;

/**
 * A training run's epochs as two small line charts side by side, one line per stage: the
 * validation AUC (what picks the best epoch) and the training loss. Filled from a bundle's
 * history.csv or epoch by epoch while a run trains. FX thread.
 */
final class TrainingHistoryChart {

  private final LineChart<Number, Number> auc = chart("Validation AUC", true);
  private final LineChart<Number, Number> loss = chart("Training loss", false);
  private final Map<String, XYChart.Series<Number, Number>> aucByStage = new LinkedHashMap<>();
  private final Map<String, XYChart.Series<Number, Number>> lossByStage = new LinkedHashMap<>();
  private final HBox node = new HBox(8, auc, loss);
  private int lastEpoch = 1;

  TrainingHistoryChart() {
    node.setId("training-history");
    HBox.setHgrow(auc, Priority.ALWAYS);
    HBox.setHgrow(loss, Priority.ALWAYS);
  }

  static TrainingHistoryChart of(List<EpochSummary> epochs) {
    TrainingHistoryChart chart = new TrainingHistoryChart();
    epochs.forEach(chart::add);
    return chart;
  }

  Node node() {
    return node;
  }

  /** Adds an epoch; an AUC that is not a number (one class among the validation slides) is left out. */
  void add(EpochSummary epoch) {
    if (epoch.epoch() > lastEpoch) {
      lastEpoch = epoch.epoch();
      fitEpochs((NumberAxis) auc.getXAxis());
      fitEpochs((NumberAxis) loss.getXAxis());
    }
    if (!Double.isNaN(epoch.validationAuc())) {
      series(auc, aucByStage, epoch.stage()).getData().add(new XYChart.Data<>(epoch.epoch(), epoch.validationAuc()));
    }
    if (Double.isFinite(epoch.trainLoss())) {
      series(loss, lossByStage, epoch.stage()).getData().add(new XYChart.Data<>(epoch.epoch(), epoch.trainLoss()));
    }
  }

  /** Points drawn, both charts together (for tests). */
  int points() {
    return auc.getData().stream().mapToInt(s -> s.getData().size()).sum()
        + loss.getData().stream().mapToInt(s -> s.getData().size()).sum();
  }

  /** Epochs 1 to the last, ticks on whole epochs, ten at most. */
  private void fitEpochs(NumberAxis axis) {
    axis.setUpperBound(lastEpoch);
    axis.setTickUnit(Math.max(1, Math.ceil(lastEpoch / 10.0)));
  }

  private static XYChart.Series<Number, Number> series(
      LineChart<Number, Number> chart, Map<String, XYChart.Series<Number, Number>> byStage, String stage) {
    return byStage.computeIfAbsent(stage, name -> {
      XYChart.Series<Number, Number> series = new XYChart.Series<>();
      series.setName(name + " stage");
      chart.getData().add(series);
      return series;
    });
  }

  private static LineChart<Number, Number> chart(String title, boolean unitRange) {
    NumberAxis epochs = new NumberAxis(1, 2, 1); // widened as epochs come
    epochs.setLabel("epoch");
    epochs.setMinorTickVisible(false);
    epochs.setTickLabelFormatter(new StringConverter<>() {
      @Override
      public String toString(Number value) {
        double v = value.doubleValue();
        return v == Math.rint(v) ? Long.toString((long) v) : ""; // epochs are whole
      }

      @Override
      public Number fromString(String text) {
        return Double.parseDouble(text);
      }
    });
    NumberAxis values = unitRange ? new NumberAxis(0, 1, 0.25) : new NumberAxis();
    values.setForceZeroInRange(unitRange);
    LineChart<Number, Number> chart = new LineChart<>(epochs, values);
    chart.setTitle(title);
    chart.setAnimated(false); // epochs arrive one by one; animation would lag behind them
    chart.setCreateSymbols(true);
    chart.setPrefSize(300, 250);
    chart.setMinHeight(230); // room for the stages' legend below the axis
    return chart;
  }
}
