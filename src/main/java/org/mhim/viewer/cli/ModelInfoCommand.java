package org.mhim.viewer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mhim.viewer.analysis.ModelSummary;
import org.mhim.viewer.mil.EncoderInfo;
import org.mhim.viewer.mil.MhimConfig;
import org.mhim.viewer.train.EpochSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mhimview model-info MODEL [--json]}: what a model bundle is, as the viewer's model card shows it. */
@Command(
    name = "model-info",
    mixinStandardHelpOptions = true,
    description = {
      "Shows what a model bundle is: its warning, aggregator, classes, the encoder and patch grid its"
          + " features need (and whether that encoder is here), how it was trained, its validation and"
          + " test metrics, its epochs and (with --json) its whole provenance."
    })
public final class ModelInfoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL", description = "A model bundle folder, or demo.")
  Path model;

  @Option(names = "--json", description = "Print JSON with keys folder, warning, aggregator, input_dim, mlp_dim,"
      + " classes, encoder, patch_size, magnification, trained, metrics, epochs, provenance.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ModelSummary summary = ModelSummary.read(model);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson(summary)));
    } else {
      print(summary, out);
    }
    out.flush();
    return 0;
  }

  private static void print(ModelSummary summary, PrintWriter out) {
    MhimConfig c = summary.manifest().config();
    Map<String, String> provenance = summary.manifest().provenance();
    line(out, "model", summary.folder().toString());
    if (provenance.containsKey("warning")) {
      line(out, "warning", provenance.get("warning"));
    }
    line(out, "aggregator", c.aggregator().id());
    line(out, "classes", String.join(", ", c.classNames()));
    line(out, "features", c.inputDim() + " per patch, from " + summary.encoder().describe());
    line(out, "patches", summary.patches());
    line(out, "mlp_dim", Integer.toString(c.mlpDim()));
    if (!summary.training().isEmpty()) {
      line(out, "trained", summary.training());
    }
    if (!summary.slides().isEmpty()) {
      line(out, "slides", summary.slides());
    }
    summary.metrics().forEach((stage, splits) -> splits.forEach((split, values) -> line(out, "metrics",
        String.format(Locale.ROOT, "%s %s: auc %s  accuracy %s  balanced accuracy %s  f1 %s  n %s", stage, split,
            ModelSummary.figure(values.get("auc")), ModelSummary.figure(values.get("accuracy")),
            ModelSummary.figure(values.get("balanced_accuracy")), ModelSummary.figure(values.get("f1")),
            values.getOrDefault("n", "–")))));
    line(out, "epochs", summary.history().isEmpty() ? summary.historyNote()
        : summary.history().size() + " (history.csv)");
  }

  private static void line(PrintWriter out, String key, String value) {
    out.printf(Locale.ROOT, "%-11s %s%n", key, value);
  }

  static ObjectNode toJson(ModelSummary summary) {
    ObjectMapper mapper = new ObjectMapper();
    MhimConfig c = summary.manifest().config();
    EncoderInfo grid = summary.manifest().encoder();
    ObjectNode root = mapper.createObjectNode();
    root.put("folder", summary.folder().toString());
    root.put("warning", summary.manifest().provenance().get("warning"));
    root.put("aggregator", c.aggregator().id());
    root.put("input_dim", c.inputDim());
    root.put("mlp_dim", c.mlpDim());
    c.classNames().forEach(root.putArray("classes")::add);
    ObjectNode encoder = root.putObject("encoder");
    encoder.put("id", summary.encoder().id());
    encoder.put("source", summary.encoder().source().name().toLowerCase(Locale.ROOT));
    root.put("patch_size", grid.patchSize());
    root.put("magnification", grid.magnification());
    root.put("trained", summary.training());
    ObjectNode metrics = root.putObject("metrics");
    summary.metrics().forEach((stage, splits) -> {
      ObjectNode byStage = metrics.putObject(stage);
      splits.forEach((split, values) -> {
        ObjectNode bySplit = byStage.putObject(split);
        values.forEach((name, value) -> putNumber(bySplit, name, value));
      });
    });
    ArrayNode epochs = root.putArray("epochs");
    for (EpochSummary e : summary.history()) {
      ObjectNode epoch = epochs.addObject();
      epoch.put("stage", e.stage());
      epoch.put("epoch", e.epoch());
      EvaluateCommand.number(epoch, "train_loss", e.trainLoss());
      EvaluateCommand.number(epoch, "val_auc", e.validationAuc());
    }
    ObjectNode provenance = root.putObject("provenance");
    summary.manifest().provenance().forEach(provenance::put);
    return root;
  }

  /** A number where the text is one (a whole one as such; null for NaN: JSON has none), else the text. */
  private static void putNumber(ObjectNode node, String key, String text) {
    try {
      node.put(key, Long.parseLong(text));
    } catch (NumberFormatException notWhole) {
      try {
        EvaluateCommand.number(node, key, Double.parseDouble(text));
      } catch (NumberFormatException e) {
        node.put(key, text);
      }
    }
  }
}
