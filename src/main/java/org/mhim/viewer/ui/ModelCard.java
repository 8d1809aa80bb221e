package org.mhim.viewer.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
import org.mhim.viewer.analysis.AnalysisException;
import org.mhim.viewer.analysis.ModelEncoders;
import org.mhim.viewer.mil.EncoderInfo;
import org.mhim.viewer.mil.MhimConfig;
import org.mhim.viewer.mil.ModelBundle;
import org.mhim.viewer.mil.ModelFiles;
import org.mhim.viewer.mil.ModelManifest;
import org.mhim.viewer.train.EpochSummary;
import org.mhim.viewer.train.HistoryCsv;

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
   * @param folder its bundle folder
   * @param encoder the encoder and whether the viewer can run it
   * @param history its epochs, empty when the bundle has no readable history.csv
   * @param historyNote why there is no chart, or empty
   */
  record Facts(String choice, Path folder, ModelManifest manifest, String encoder, List<EpochSummary> history,
      String historyNote) {}

  /**
   * Reads the bundle {@code choice} names ({@code demo} or a folder).
   *
   * @throws IOException naming the folder when it is not a readable bundle
   */
  static Facts read(String choice) throws IOException {
    Path folder = ModelFiles.located(Path.of(choice));
    ModelManifest manifest = ModelBundle.readManifest(folder);
    String id = manifest.encoder().id();
    String encoder;
    try {
      String name = ModelEncoders.encoderOf(folder, manifest);
      if (name.endsWith(ModelEncoders.BUNDLED_ENCODER)) {
        encoder = (id != null ? id : "an encoder") + " (carried in the model folder)";
      } else {
        encoder = id != null ? id + " (built in)"
            : "an encoder the model does not name (the built-in " + name + " is tried; attach the right one with"
                + " Analysis ▸ Model ▸ Attach Encoder to Chosen Model…)";
      }
    } catch (AnalysisException e) {
      encoder = id + " (not available here: attach it with Analysis ▸ Model ▸ Attach Encoder to Chosen Model…)";
    }
    Path historyFile = folder.resolve("history.csv");
    List<EpochSummary> history = List.of();
    String note = "";
    if (!Files.isRegularFile(historyFile)) {
      note = "The model folder has no history.csv: no chart of its training.";
    } else {
      try {
        history = HistoryCsv.read(historyFile);
      } catch (IOException e) {
        note = e.getMessage();
      }
    }
    return new Facts(choice, folder, manifest, encoder, history, note);
  }

  /** The card as a dialog over {@code owner}, not yet shown. FX thread. */
  static Dialog<ButtonType> dialog(Window owner, Facts facts) {
    Dialog<ButtonType> dialog = new Dialog<>();
    dialog.initOwner(owner);
    dialog.setTitle("About " + facts.folder().getFileName());
    dialog.setHeaderText(ModelRegistry.label(facts.choice()));
    dialog.setResizable(true);
    dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
    dialog.getDialogPane().setContent(content(facts));
    return dialog;
  }

  private static VBox content(Facts facts) {
    ModelManifest manifest = facts.manifest();
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
    box.getChildren().add(facts(facts));
    GridPane metrics = metrics(provenance);
    if (!metrics.getChildren().isEmpty()) {
      box.getChildren().add(metrics);
    }
    box.getChildren().add(facts.history().isEmpty()
        ? wrapped(facts.historyNote(), "model-history-note")
        : TrainingHistoryChart.of(facts.history()).node());
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

  private static GridPane facts(Facts facts) {
    MhimConfig c = facts.manifest().config();
    EncoderInfo grid = facts.manifest().encoder();
    Map<String, String> provenance = facts.manifest().provenance();
    Map<String, String[]> rows = new LinkedHashMap<>();
    rows.put("Aggregator", new String[] {"model-aggregator", aggregatorName(c) + " (" + c.aggregator().id() + ")"});
    rows.put("Classes", new String[] {"model-classes", String.join(", ", c.classNames())});
    rows.put("Features", new String[] {"model-encoder", c.inputDim() + " per patch, from " + facts.encoder()});
    rows.put("Patches", new String[] {"model-grid",
        (grid.patchSize() != null ? grid.patchSize() + " px" : "size not recorded (256 px assumed)") + " at "
            + (grid.magnification() != null ? number(grid.magnification()) + "×" : "a magnification not recorded (20× assumed)")});
    rows.put("Network", new String[] {"model-network", "projection to " + c.mlpDim() + " (" + c.activation().configName()
        + "); " + (c.mergeEnable() ? c.mergeK() + " recycled token(s), " + percent(c.mergeRatio()) + " of instances kept"
            : "no recycling") + "; masking the top " + percent(c.maskRatioH()) + " by teacher score"});
    String trained = trainedLine(provenance);
    if (!trained.isEmpty()) {
      rows.put("Trained", new String[] {"model-trained", trained});
    }
    String data = dataLine(provenance);
    if (!data.isEmpty()) {
      rows.put("Slides", new String[] {"model-data", data});
    }
    rows.put("Folder", new String[] {"model-folder", facts.folder().toAbsolutePath().toString()});
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

  private static String trainedLine(Map<String, String> provenance) {
    List<String> parts = new ArrayList<>();
    String at = provenance.get("trained_at");
    if (at != null) {
      parts.add(at.length() >= 16 ? at.substring(0, 10) + " " + at.substring(11, 16) + " UTC" : at);
    }
    if (provenance.containsKey("trained_by")) {
      parts.add("by " + provenance.get("trained_by"));
    }
    if (provenance.containsKey("recipe.method")) {
      parts.add("recipe " + provenance.get("recipe.method"));
    }
    if (provenance.containsKey("recipe.fine_tuned_from")) {
      parts.add("fine-tuned from " + provenance.get("recipe.fine_tuned_from"));
    }
    if (provenance.containsKey("imported_from")) {
      parts.add("imported from " + provenance.get("imported_from"));
    }
    return String.join(", ", parts);
  }

  /** "train: normal 6, tumor 6; val: …" from the data.SPLIT.CLASS counts. */
  private static String dataLine(Map<String, String> provenance) {
    Map<String, List<String>> bySplit = new LinkedHashMap<>();
    provenance.forEach((key, value) -> {
      String[] parts = key.split("\\.", 3);
      if (parts.length == 3 && parts[0].equals("data")) {
        bySplit.computeIfAbsent(parts[1], s -> new ArrayList<>()).add(parts[2] + " " + value);
      }
    });
    return bySplit.entrySet().stream().map(e -> e.getKey() + ": " + String.join(", ", e.getValue()))
        .collect(Collectors.joining("; "));
  }

  /** Stage × split rows of the metrics.STAGE.SPLIT.METRIC provenance entries. */
  private static GridPane metrics(Map<String, String> provenance) {
    Map<String, Map<String, String>> rows = new LinkedHashMap<>();
    provenance.forEach((key, value) -> {
      String[] parts = key.split("\\.", 4);
      if (parts.length == 4 && parts[0].equals("metrics")) {
        rows.computeIfAbsent(parts[1] + " " + parts[2], r -> new LinkedHashMap<>()).put(parts[3], value);
      }
    });
    GridPane table = new GridPane();
    table.setId("model-metrics");
    table.setHgap(16);
    table.setVgap(2);
    if (rows.isEmpty()) {
      return table;
    }
    String[] columns = {"auc", "accuracy", "balanced_accuracy", "f1", "n"};
    table.addRow(0, bold("Metrics"), bold("AUC"), bold("Accuracy"), bold("Balanced acc."), bold("F1"), bold("Slides"));
    int row = 1;
    for (Map.Entry<String, Map<String, String>> e : rows.entrySet()) {
      String[] name = e.getKey().split(" ");
      table.add(new Label(stageName(name[0]) + ", " + (name[1].equals("val") ? "validation" : name[1])), 0, row);
      for (int i = 0; i < columns.length; i++) {
        String value = e.getValue().get(columns[i]);
        table.add(new Label(value == null ? "–" : columns[i].equals("n") ? value : metric(value)), i + 1, row);
      }
      row++;
    }
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

  private static String metric(String value) {
    try {
      double v = Double.parseDouble(value);
      return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
    } catch (NumberFormatException e) {
      return value;
    }
  }

  private static String percent(double share) {
    return number(share * 100) + " %";
  }

  private static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.3g", value);
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
