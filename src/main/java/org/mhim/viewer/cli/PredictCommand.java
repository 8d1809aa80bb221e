package org.mhim.viewer.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mhim.viewer.mil.Bag;
import org.mhim.viewer.mil.BagFiles;
import org.mhim.viewer.mil.HardInstance;
import org.mhim.viewer.mil.MhimModel;
import org.mhim.viewer.mil.ModelFiles;
import org.mhim.viewer.mil.Prediction;
import org.mhim.viewer.mil.WeightsChoice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mhimview predict}: one bag through an MHIM model. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Runs an MHIM-MIL model on one bag of patch features: slide class probabilities and, per"
          + " instance, the class-aware probabilities, score and attention; optionally the hard"
          + " instances the teacher would mask."
    })
public final class PredictCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "MODEL",
      description = "A model bundle folder, a reference MHIM-MIL checkpoint (.pt), or demo.")
  private Path model;

  @Option(
      names = "--model-config",
      paramLabel = "CONFIG",
      description = "The reference config.json of a .pt checkpoint (default: config.json beside it).")
  private Path modelConfig;

  @Option(
      names = "--weights",
      paramLabel = "student|teacher",
      defaultValue = "student",
      description = "Which network predicts (default: ${DEFAULT-VALUE}).")
  private String weights;

  @Option(
      names = "--bag",
      required = true,
      paramLabel = "BAG",
      description = "The bag: a reference pt_files tensor (.pt) or an HDF5 file with 'features' (.h5).")
  private Path bag;

  @Option(names = "--json", description = "Print the full result as JSON.")
  private boolean json;

  @Option(
      names = "--hard-ratio",
      paramLabel = "R",
      description = "Also list the ceil(N*R) instances the teacher would mask, highest score first.")
  private Double hardRatio;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      WeightsChoice choice = WeightsChoice.parse(weights);
      if (hardRatio != null && !(hardRatio >= 0 && hardRatio <= 1)) {
        throw new IllegalArgumentException("--hard-ratio must be between 0 and 1, got " + hardRatio);
      }
      Bag features = BagFiles.read(bag);
      Prediction p;
      try (MhimModel m = ModelFiles.open(model, modelConfig, choice)) {
        if (features.dim() != m.config().inputDim()) {
          throw new IllegalArgumentException(
              bag + ": features of dimension " + features.dim() + ", but the model takes "
                  + m.config().inputDim());
        }
        p = m.predict(features, hardRatio != null);
      }
      List<HardInstance> hard = hardRatio == null ? null : p.hardInstances(hardRatio);
      if (json) {
        writeJson(p, hard, spec.commandLine().getOut());
      } else {
        writeText(p, hard, spec.commandLine().getOut());
      }
      return 0;
    } catch (IOException | IllegalArgumentException e) {
      err.println("mhimview: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  static void writeJson(Prediction p, List<HardInstance> hard, Writer out) throws IOException {
    JsonGenerator g = new JsonFactory().createGenerator(out);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    g.writeStartObject();
    g.writeArrayFieldStart("classes");
    for (String c : p.classNames()) {
      g.writeString(c);
    }
    g.writeEndArray();
    floats(g, "logits", p.logits());
    floats(g, "probs", p.probabilities());
    g.writeArrayFieldStart("instance_probs");
    for (float[] row : p.instanceProbabilities()) {
      floats(g, null, row);
    }
    g.writeEndArray();
    floats(g, "instance_scores", p.scores());
    floats(g, "attention", p.attention());
    if (hard != null) {
      g.writeArrayFieldStart("hard_instances");
      for (HardInstance h : hard) {
        g.writeNumber(h.index());
      }
      g.writeEndArray();
    }
    g.writeEndObject();
    g.writeRaw('\n');
    g.close();
    out.flush();
  }

  /** A float array, as a field when {@code name} is given, else as an array element. */
  private static void floats(JsonGenerator g, String name, float[] values) throws IOException {
    if (name != null) {
      g.writeFieldName(name);
    }
    g.writeStartArray();
    for (float v : values) {
      g.writeNumber(v); // the float's shortest decimal, not its double expansion
    }
    g.writeEndArray();
  }

  private static void writeText(Prediction p, List<HardInstance> hard, PrintWriter out) {
    out.printf(Locale.ROOT, "%d instances; predicted class: %s%n", p.instances(), p.classNames().get(p.predictedClass()));
    for (int c = 0; c < p.classNames().size(); c++) {
      out.printf(Locale.ROOT, "  %-20s p=%.4f  logit=%.4f%n", p.classNames().get(c), p.probabilities()[c], p.logits()[c]);
    }
    if (hard != null) {
      out.printf(Locale.ROOT, "hard instances (%d):", hard.size());
      hard.forEach(h -> out.printf(Locale.ROOT, " %d", h.index()));
      out.println();
    }
    out.flush();
  }
}
