package org.mhim.viewer.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mhim.viewer.io.AtomicFiles;
import org.mhim.viewer.io.JsonProblems;
import org.mhim.viewer.tissue.AnnotationFile;

/**
 * {@code <slide>.json}: the slide-level summary — prediction, class probabilities by name, model
 * and encoder ids, {@code not_for_diagnosis} (true for the demo model), instance counts, hard
 * ratio, timings per phase. With the instances CSV it holds the whole {@link SlideResult}, so a
 * result reloads without re-running ({@link ResultFiles#read}).
 */
public final class ResultJson {

  /** Bumped when a field changes meaning; readers refuse newer versions. */
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The slide-level fields, as read back. */
  public record Summary(
      String slideId,
      Path slidePath,
      String modelId,
      String encoderId,
      boolean notForDiagnosis,
      List<String> classNames,
      float[] slideLogits,
      float[] slideProbabilities,
      int predictedClass,
      int instanceCount,
      double hardRatio,
      PhaseTimings timings) {}

  private ResultJson() {}

  public static void write(SlideResult result, Path target) throws IOException {
    write(toJson(result), target);
  }

  /**
   * As {@link #write(SlideResult, Path)}, with where the hard instances lie among the slide's
   * annotations when a file of them is kept beside the slide ({@link AnnotationFile#besideSlide}):
   * a section {@code hard_instances_in_annotations}, or in it the file's problem when it cannot be
   * read (the prediction is written either way).
   */
  public static void writeWithAnnotations(SlideResult result, Path target) throws IOException {
    ObjectNode root = toJson(result);
    Optional<Path> file = AnnotationFile.besideSlide(result.slidePath());
    if (file.isPresent()) {
      ObjectNode section = root.putObject("hard_instances_in_annotations");
      section.put("annotations", file.get().toString());
      try {
        HardInAnnotations placed = HardInAnnotations.of(result.instances(), AnnotationFile.read(file.get()).annotations());
        section.put("n_hard_instances", placed.hard());
        ObjectNode byClass = section.putObject("by_class");
        placed.byClass().forEach(byClass::put);
        section.put("outside", placed.outside());
      } catch (IOException e) {
        section.put("problem", e.getMessage());
      }
    }
    write(root, target);
  }

  private static void write(ObjectNode root, Path target) throws IOException {
    AtomicFiles.write(target, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
  }

  static ObjectNode toJson(SlideResult r) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format_version", FORMAT_VERSION);
    root.put("slide_id", r.slideId());
    root.put("slide_path", r.slidePath().toString());
    root.put("model_id", r.modelId());
    root.put("encoder_id", r.encoderId());
    root.put("not_for_diagnosis", r.demoModel());
    root.put("predicted_class", r.predictedClassName());
    root.put("predicted_probability", r.predictedProbability());
    root.putPOJO("class_names", r.classNames());
    ObjectNode probabilities = root.putObject("class_probabilities");
    ObjectNode logits = root.putObject("slide_logits");
    float[] p = r.slideProbabilities();
    float[] l = r.slideLogits();
    for (int c = 0; c < r.classCount(); c++) {
      probabilities.put(r.classNames().get(c), p[c]);
      logits.put(r.classNames().get(c), l[c]);
    }
    root.put("n_instances", r.instanceCount());
    root.put("hard_ratio", r.hardRatio());
    root.put("n_hard_instances", r.instances().hardCount());
    ObjectNode timings = root.putObject("timings_ms");
    timings.put("tissue", r.timings().tissueMs());
    timings.put("grid", r.timings().gridMs());
    timings.put("features", r.timings().featuresMs());
    timings.put("model", r.timings().modelMs());
    timings.put("total", r.timings().totalMs());
    return root;
  }

  /**
   * Reads a summary.
   *
   * @throws IOException naming the file and the missing or malformed field
   */
  public static Summary read(Path path) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(path));
    } catch (NoSuchFileException e) {
      throw new IOException(path + ": no such result file", e);
    } catch (JsonProcessingException e) {
      throw new IOException(path + ": not JSON (" + JsonProblems.describe(e) + ")", e);
    }
    if (root == null || !root.isObject()) {
      throw new IOException(path + ": not a result summary (expected a JSON object)");
    }
    Fields f = new Fields(path, root);
    int version = f.integer("format_version");
    if (version > FORMAT_VERSION) {
      throw new IOException(
          path + ": result format " + version + " is newer than this program reads (" + FORMAT_VERSION + ")");
    }
    List<String> classes = new ArrayList<>();
    for (JsonNode name : f.node("class_names")) {
      classes.add(name.asText());
    }
    float[] probabilities = new float[classes.size()];
    float[] logits = new float[classes.size()];
    for (int c = 0; c < classes.size(); c++) {
      probabilities[c] = (float) f.number(f.node("class_probabilities"), classes.get(c), "class_probabilities");
      logits[c] = (float) f.number(f.node("slide_logits"), classes.get(c), "slide_logits");
    }
    int predicted = classes.indexOf(f.text("predicted_class"));
    if (predicted < 0) {
      throw new IOException(path + ": predicted_class is not one of class_names " + classes);
    }
    JsonNode t = f.node("timings_ms");
    PhaseTimings timings =
        new PhaseTimings(
            (long) f.number(t, "tissue", "timings_ms"),
            (long) f.number(t, "grid", "timings_ms"),
            (long) f.number(t, "features", "timings_ms"),
            (long) f.number(t, "model", "timings_ms"));
    return new Summary(
        f.text("slide_id"),
        Path.of(f.text("slide_path")),
        f.text("model_id"),
        f.text("encoder_id"),
        f.node("not_for_diagnosis").asBoolean(),
        classes,
        logits,
        probabilities,
        predicted,
        f.integer("n_instances"),
        f.number(root, "hard_ratio", ""),
        timings);
  }

  /** Typed access to required fields, with messages naming the file and field. */
  private record Fields(Path path, JsonNode root) {
    JsonNode node(String name) throws IOException {
      JsonNode node = root.get(name);
      if (node == null || node.isNull()) {
        throw new IOException(path + ": missing field '" + name + "'");
      }
      return node;
    }

    String text(String name) throws IOException {
      JsonNode node = node(name);
      if (!node.isTextual()) {
        throw new IOException(path + ": field '" + name + "' should be a string");
      }
      return node.asText();
    }

    int integer(String name) throws IOException {
      JsonNode node = node(name);
      if (!node.canConvertToInt()) {
        throw new IOException(path + ": field '" + name + "' should be an integer");
      }
      return node.asInt();
    }

    double number(JsonNode parent, String name, String where) throws IOException {
      JsonNode node = parent.get(name);
      if (node == null || !node.isNumber()) {
        String field = where.isEmpty() ? name : where + "." + name;
        throw new IOException(path + ": field '" + field + "' should be a number");
      }
      return node.asDouble();
    }
  }
}
