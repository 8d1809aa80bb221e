package org.mhim.viewer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mhim.viewer.analysis.SlideSetEvaluation;
import org.mhim.viewer.features.Cancellation;
import org.mhim.viewer.mil.MhimModel;
import org.mhim.viewer.mil.ModelBundle;
import org.mhim.viewer.mil.ModelFiles;
import org.mhim.viewer.mil.WeightsChoice;
import org.mhim.viewer.train.ClassificationMetrics;
import org.mhim.viewer.train.LabelTable;
import org.mhim.viewer.train.ModelEvaluation;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mhimview evaluate}: slide-level metrics of a model on labelled feature bags or slides. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Predicts every slide of a labels CSV with a model's student (whole bags) and prints AUC"
          + " (macro one-vs-rest for more than two classes), accuracy, balanced accuracy, macro F1,"
          + " the number of slides and per-class figures.",
      "From feature bags (--features), or from the slides themselves (--slides), each analysed as"
          + " analyze does, through the feature cache; --csv then writes every slide's prediction."
    })
public final class EvaluateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "MODEL",
      description = "A model bundle folder, a reference MHIM-MIL checkpoint (.pt), or demo.")
  Path model;

  @Option(names = "--model-config", paramLabel = "config.json",
      description = "The hyperparameters of a reference checkpoint (default: config.json beside it).")
  Path modelConfig;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static final class Source {
    @Option(names = "--features", required = true, paramLabel = "DIR",
        description = "Features folder with h5_files/<slide>.h5 or pt_files/<slide>.pt.")
    Path features;

    @Option(names = "--slides", required = true, paramLabel = "DIR",
        description = "The slides, each named slide_id.* (MODEL must be a bundle or demo).")
    Path slides;
  }

  @Option(names = "--csv", paramLabel = "OUT.csv",
      description = "With --slides: every slide's label, prediction and class probabilities.")
  Path csv;

  /** With --slides. */
  @Mixin CacheOption cache;

  @Option(names = "--labels", required = true, paramLabel = "CSV",
      description = "Slides to evaluate (slide_id,label; labels are the model's class names or indices).")
  Path labels;

  @Option(names = "--json", description = "Print the metrics as one JSON object.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ClassificationMetrics m = source.slides != null ? fromSlides() : fromFeatures();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson(m)));
    } else {
      out.printf(Locale.ROOT, "n %d  auc %.4f  accuracy %.4f  balanced accuracy %.4f  f1 %.4f%n",
          m.n(), m.auc(), m.accuracy(), m.balancedAccuracy(), m.f1());
      for (ClassificationMetrics.PerClass c : m.perClass()) {
        out.printf(Locale.ROOT, "  %-16s support %d  precision %.4f  recall %.4f  f1 %.4f  auc %.4f%n",
            c.name(), c.support(), c.precision(), c.recall(), c.f1(), c.auc());
      }
    }
    out.flush();
    return 0;
  }

  private ClassificationMetrics fromFeatures() throws Exception {
    if (csv != null) {
      throw new UserErrorHandler.UserException("--csv goes with --slides");
    }
    try (MhimModel loaded = ModelFiles.open(model, modelConfig, WeightsChoice.STUDENT)) {
      LabelTable table = LabelTable.read(labels, Optional.of(loaded.config().classNames()), false);
      return ModelEvaluation.evaluate(loaded, source.features, table.slides());
    }
  }

  private ClassificationMetrics fromSlides() throws Exception {
    if (modelConfig != null || !ModelBundle.isBundle(ModelFiles.located(model))) {
      throw new UserErrorHandler.UserException(model + ": --slides needs a model bundle or demo, whose manifest names"
          + " the encoder and patch grid of its features (a reference checkpoint becomes one in the viewer's"
          + " Analysis ▸ Model ▸ Import Reference Checkpoint…)");
    }
    PrintWriter err = spec.commandLine().getErr();
    SlideSetEvaluation.Result result = SlideSetEvaluation.run(
        new SlideSetEvaluation.Request(labels, source.slides, model, cache.root()),
        new SlideLines(err, "analysing"), new Cancellation());
    if (csv != null) {
      result.writeCsv(csv);
      err.println("wrote " + csv);
      err.flush();
    }
    return result.metrics();
  }

  static ObjectNode toJson(ClassificationMetrics m) {
    ObjectNode root = new ObjectMapper().createObjectNode();
    number(root, "auc", m.auc());
    number(root, "accuracy", m.accuracy());
    number(root, "balanced_accuracy", m.balancedAccuracy());
    number(root, "f1", m.f1());
    root.put("n", m.n());
    ObjectNode perClass = root.putObject("per_class");
    for (ClassificationMetrics.PerClass c : m.perClass()) {
      ObjectNode o = perClass.putObject(c.name());
      o.put("support", c.support());
      number(o, "precision", c.precision());
      number(o, "recall", c.recall());
      number(o, "f1", c.f1());
      number(o, "auc", c.auc());
    }
    var confusion = root.putArray("confusion");
    for (int[] row : m.confusion()) {
      var r = confusion.addArray();
      for (int v : row) {
        r.add(v);
      }
    }
    return root;
  }

  /** JSON has no NaN: an undefined figure (one class only) is null. */
  static void number(ObjectNode node, String key, double value) {
    if (Double.isFinite(value)) {
      node.put(key, value);
    } else {
      node.putNull(key);
    }
  }
}
