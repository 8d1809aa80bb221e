package org.mhim.viewer.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.mhim.viewer.features.PatchEncoders;
import org.mhim.viewer.mil.EncoderInfo;
import org.mhim.viewer.mil.ModelBundle;
import org.mhim.viewer.mil.ModelFiles;
import org.mhim.viewer.mil.ModelManifest;
import org.mhim.viewer.train.EpochSummary;
import org.mhim.viewer.train.HistoryCsv;

/**
 * What a model bundle is, for people about to read its predictions: its manifest, whether the
 * encoder its features need is here, its metrics and its epochs. What the viewer's model card and
 * {@code mhimview model-info} show.
 *
 * @param folder the bundle folder
 * @param encoder the encoder and whether it can run here
 * @param history its epochs, empty when the bundle has no readable history.csv
 * @param historyNote why there are no epochs, or empty
 */
public record ModelSummary(
    Path folder, ModelManifest manifest, EncoderStatus encoder, List<EpochSummary> history, String historyNote) {

  public ModelSummary {
    history = List.copyOf(history);
  }

  /** Where the encoder a model's features need comes from. */
  public enum EncoderSource {
    /** The bundle holds it (encoder.pt and encoder.json). */
    CARRIED,
    /** Built into the viewer. */
    BUILT_IN,
    /** The model names none; the built-in default is tried. */
    UNNAMED,
    /** Named by the model, neither carried nor built in: analyses fail until it is attached. */
    MISSING
  }

  /**
   * @param id the encoder the model names, or null
   * @param source where it comes from
   */
  public record EncoderStatus(String id, EncoderSource source) {

    /** In words, for a reader. */
    public String describe() {
      return switch (source) {
        case CARRIED -> (id != null ? id : "an encoder") + " (carried in the model folder)";
        case BUILT_IN -> id + " (built in)";
        case UNNAMED -> "an encoder the model does not name (the built-in " + PatchEncoders.DEFAULT
            + " is tried; attach the right one with Analysis ▸ Model ▸ Attach Encoder to Chosen Model…)";
        case MISSING -> id + " (not available here: attach it with Analysis ▸ Model ▸ Attach Encoder to Chosen Model…)";
      };
    }
  }

  /**
   * Reads the bundle {@code model} names (a folder or {@code demo}).
   *
   * @throws IOException naming the folder when it is not a readable bundle
   */
  public static ModelSummary read(Path model) throws IOException {
    Path folder = ModelFiles.located(model);
    ModelManifest manifest = ModelBundle.readManifest(folder);
    String id = manifest.encoder().id();
    EncoderSource source;
    try {
      String name = ModelEncoders.encoderOf(folder, manifest);
      source = name.endsWith(ModelEncoders.BUNDLED_ENCODER) ? EncoderSource.CARRIED
          : id != null ? EncoderSource.BUILT_IN : EncoderSource.UNNAMED;
    } catch (AnalysisException e) {
      source = EncoderSource.MISSING;
    }
    Path historyFile = folder.resolve("history.csv");
    List<EpochSummary> history = List.of();
    String note = "";
    if (!Files.isRegularFile(historyFile)) {
      note = "The model folder has no history.csv, the record of its epochs.";
    } else {
      try {
        history = HistoryCsv.read(historyFile);
      } catch (IOException e) {
        note = e.getMessage();
      }
    }
    return new ModelSummary(folder, manifest, new EncoderStatus(id, source), history, note);
  }

  /**
   * The metrics the provenance records ({@code metrics.STAGE.SPLIT.METRIC}), by stage and split in
   * their order there: {@code start} (before fine-tuning), {@code baseline}, {@code mhim}; {@code
   * val}, {@code test}.
   */
  public Map<String, Map<String, Map<String, String>>> metrics() {
    Map<String, Map<String, Map<String, String>>> out = new LinkedHashMap<>();
    manifest.provenance().forEach((key, value) -> {
      String[] parts = key.split("\\.", 4);
      if (parts.length == 4 && parts[0].equals("metrics")) {
        out.computeIfAbsent(parts[1], s -> new LinkedHashMap<>())
            .computeIfAbsent(parts[2], s -> new LinkedHashMap<>())
            .put(parts[3], value);
      }
    });
    return out;
  }

  /** How it was made, in one line: when, by what, the recipe, the model fine-tuned or the file imported. */
  public String training() {
    Map<String, String> provenance = manifest.provenance();
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

  /** The slides it was trained on, "train: normal 6, tumor 6; val: …", from the data.SPLIT.CLASS counts. */
  public String slides() {
    Map<String, List<String>> bySplit = new LinkedHashMap<>();
    manifest.provenance().forEach((key, value) -> {
      String[] parts = key.split("\\.", 3);
      if (parts.length == 3 && parts[0].equals("data")) {
        bySplit.computeIfAbsent(parts[1], split -> new ArrayList<>()).add(parts[2] + " " + value);
      }
    });
    return bySplit.entrySet().stream().map(e -> e.getKey() + ": " + String.join(", ", e.getValue()))
        .collect(Collectors.joining("; "));
  }

  /** Where its patches are cut, in words: "256 px at 20×", or what is assumed where the model does not say. */
  public String patches() {
    EncoderInfo grid = manifest.encoder();
    return (grid.patchSize() != null ? grid.patchSize() + " px" : "size not recorded (256 px assumed)") + " at "
        + (grid.magnification() != null ? wholeOrThree(grid.magnification()) + "×"
            : "a magnification not recorded (20× assumed)");
  }

  /** A metric as the provenance records it, to three decimals; "–" when missing or not a number. */
  public static String figure(String text) {
    if (text == null) {
      return "–";
    }
    try {
      double value = Double.parseDouble(text);
      return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.3f", value);
    } catch (NumberFormatException e) {
      return text;
    }
  }

  /** A whole number as such, else three significant digits. */
  public static String wholeOrThree(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.3g", value);
  }
}
