package org.mhim.viewer.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.mhim.viewer.analysis.ModelSummary;
import org.mhim.viewer.mil.MhimConfig;
import org.mhim.viewer.mil.ModelManifest;

/**
 * Analysis ▸ Model ▸ About Chosen Model…: what a model is before its predictions are read — its
 * warning, aggregator, classes, the encoder and patch grid its features need, how it was trained,
 * its validation and test metrics, its epochs as a chart, and its whole provenance.
 */
final class ModelCard {

  private ModelCard() {}

  /**
   * What the card shows, read off the FX thread.
   *
   * @param choice the model as the picker names it
   */
  record Facts(String choice, ModelSummary summary) {}

  /**
   * Reads the bundle {@code choice} names ({@code demo} or a folder).
   *
   * @throws IOException naming the folder when it is not a readable bundle
   */
  static Facts read(String choice) throws IOException {
    return new Facts(choice, ModelSummary.read(Path.of(choice)));
  }

  /** The card as a dialog over {@code owner}, not yet shown. FX thread. */
  static Dialog<ButtonType> dialog(Window owner, Facts facts) {
    Dialog<ButtonType> dialog = new Dialog<>();
    dialog.initOwner(owner);
    dialog.setTitle("About " + facts.summary().folder().getFileName());
    dialog.setHeaderText(ModelRegistry.label(facts.choice()));
    dialog.setResizable(true);
    dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
    dialog.getDialogPane().setContent(content(facts));
    return dialog;
  }

  private static VBox content(Facts facts) {
    ModelSummary summary = facts.summary();
    ModelManifest manifest = summary.manifest();
    Map<String, String> provenance = manifest.provenance();
    VBox box = new VBox(12);
    box.setPadding(new Insets(4, 12, 0, 12));
    box.setPrefWidth(720);
    String warning = provenance.get("warning");
    if (warning != null) {
      Label banner = wrapped("⚠ " + warning, "model-warning");
      banner.setStyle("-fx-font-weight: bold; -fx-text-fill: #c0392b;");
      box.getChildren().add(banner);
    }
    box.getChildren().add(facts(summary));
    GridPane metrics = metrics(summary);
    if (!metrics.getChildren().isEmpty()) {
      box.getChildren().add(metrics);
    }
    box.getChildren().add(summary.history().isEmpty()
        ? wrapped(summary.historyNote(), "model-history-note")
        : TrainingHistoryChart.of(summary.history()).node());
    TextArea all = new TextArea(new TreeMap<>(provenance).entrySet().stream()
        .map(e -> e.getKey() + " = " + e.getValue()).collect(Collectors.joining("\n")));
    all.setEditable(false);
    all.setPrefRowCount(10);
    all.setId("model-provenance");
    TitledPane raw = new TitledPane("Provenance (" + provenance.size() + " entries)", all);
    raw.setExpanded(false);
    box.getChildren().add(raw);
    return box;
  }

  private static GridPane facts(ModelSummary summary) {
    MhimConfig c = summary.manifest().config();
    Map<String, String[]> rows = new LinkedHashMap<>();
    rows.put("Aggregator", new String[] {"model-aggregator", aggregatorName(c) + " (" + c.aggregator().id() + ")"});
    rows.put("Classes", new String[] {"model-classes", String.join(", ", c.classNames())});
    rows.put("Features", new String[] {"model-encoder", c.inputDim() + " per patch, from " + summary.encoder().describe()});
    rows.put("Patches", new String[] {"model-grid", summary.patches()});
    rows.put("Network", new String[] {"model-network", "projection to " + c.mlpDim() + " (" + c.activation().configName()
        + "); " + (c.mergeEnable() ? c.mergeK() + " recycled token(s), " + percent(c.mergeRatio()) + " of instances kept"
            : "no recycling") + "; masking the top " + percent(c.maskRatioH()) + " by teacher score"});
    String trained = summary.training();
    if (!trained.isEmpty()) {
      rows.put("Trained", new String[] {"model-trained", trained});
    }
    String data = summary.slides();
    if (!data.isEmpty()) {
      rows.put("Slides", new String[] {"model-data", data});
    }
    rows.put("Folder", new String[] {"model-folder", summary.folder().toAbsolutePath().toString()});
    GridPane grid2 = new GridPane();
    grid2.setHgap(12);
    grid2.setVgap(4);
    int row = 0;
    for (Map.Entry<String, String[]> e : rows.entrySet()) {
      Label key = new Label(e.getKey());
      key.setMinWidth(80);
      grid2.addRow(row++, key, wrapped(e.getValue()[1], e.getValue()[0]));
    }
    return grid2;
  }

  private static String aggregatorName(MhimConfig c) {
    return switch (c.aggregator()) {
      case ABMIL -> "AB-MIL, attention pooling";
      case TRANSMIL -> "TransMIL, Nyström self-attention";
      case DSMIL -> "DSMIL, dual-stream";
    };
  }

  /** Stage × split rows of the model's metrics. */
  private static GridPane metrics(ModelSummary summary) {
    GridPane table = new GridPane();
    table.setId("model-metrics");
    table.setHgap(16);
    table.setVgap(2);
    Map<String, Map<String, Map<String, String>>> metrics = summary.metrics();
    if (metrics.isEmpty()) {
      return table;
    }
    table.addRow(0, bold("Metrics"), bold("AUC"), bold("Accuracy"), bold("Balanced acc."), bold("F1"), bold("Slides"));
    metrics.forEach((stage, splits) -> splits.forEach((split, values) -> table.addRow(table.getRowCount(),
        new Label(stageName(stage) + ", " + (split.equals("val") ? "validation" : split)),
        new Label(ModelSummary.figure(values.get("auc"))), new Label(ModelSummary.figure(values.get("accuracy"))),
        new Label(ModelSummary.figure(values.get("balanced_accuracy"))), new Label(ModelSummary.figure(values.get("f1"))),
        new Label(values.getOrDefault("n", "–")))));
    return table;
  }

  private static String stageName(String stage) {
    return switch (stage) {
      case "start" -> "before fine-tuning";
      case "baseline" -> "baseline stage";
      case "mhim" -> "MHIM stage";
      default -> stage;
    };
  }

  private static String percent(double share) {
    return ModelSummary.wholeOrThree(share * 100) + " %";
  }

  private static Label bold(String text) {
    Label label = new Label(text);
    label.setStyle("-fx-font-weight: bold");
    return label;
  }

  private static Label wrapped(String text, String id) {
    Label label = new Label(text);
    label.setId(id);
    label.setWrapText(true);
    label.setMaxWidth(600);
    return label;
  }
}
