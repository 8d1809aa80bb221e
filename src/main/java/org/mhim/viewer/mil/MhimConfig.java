package org.mhim.viewer.mil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.mhim.viewer.io.JsonProblems;

/**
 * The hyperparameters of an MHIM model, named after the reference's options.
 *
 * @param aggregator {@code baseline}
 * @param inputDim {@code input_dim}
 * @param mlpDim {@code mlp_dim}
 * @param classNames one name per class ({@code n_classes} of them; "class 0", … when not given)
 * @param activation {@code act}, the projection's
 * @param attentionActivation {@code da_act}, AB-MIL's attention net's
 * @param heads {@code head}, TransMIL's
 * @param dropout {@code dropout}, after the projection
 * @param attentionDropout after TransMIL's attention output projection; the reference fixes it at
 *     0.1, a config may set {@code attn_dropout}, and a config with {@code dropout} 0 (the parity
 *     fixtures) gets 0
 * @param maskRatioH {@code mask_ratio_h}, share of instances ranked for masking
 * @param maskRatioHr {@code mask_ratio_hr}, share of those actually masked
 * @param mergeEnable {@code merge_enable}, the global recycle network
 * @param mergeK {@code merge_k}, recycled tokens
 * @param mergeMomentum {@code merge_mm}, EMA of the global queries
 * @param mergeRatio {@code merge_ratio}, share of remaining instances kept as tokens
 * @param tempT {@code temp_t}, teacher temperature of the consistency loss
 * @param auxAlpha {@code aux_alpha}, weight of the consistency loss
 * @param emaMomentum teacher EMA momentum ({@code ema_momentum}; 0.9997 by default)
 */
public record MhimConfig(
    AggregatorKind aggregator,
    int inputDim,
    int mlpDim,
    List<String> classNames,
    ActivationKind activation,
    ActivationKind attentionActivation,
    int heads,
    float dropout,
    float attentionDropout,
    double maskRatioH,
    double maskRatioHr,
    boolean mergeEnable,
    int mergeK,
    double mergeMomentum,
    double mergeRatio,
    double tempT,
    double auxAlpha,
    double emaMomentum) {

  public MhimConfig {
    classNames = List.copyOf(classNames);
    if (classNames.isEmpty()) {
      throw new IllegalArgumentException("a model needs at least one class");
    }
    Blocks.checkPositive("input_dim", inputDim);
    Blocks.checkPositive("mlp_dim", mlpDim);
    Blocks.checkPositive("head", heads);
    Blocks.checkRate("dropout", dropout);
    Blocks.checkRate("attention dropout", attentionDropout);
  }

  public int classes() {
    return classNames.size();
  }

  /** "class 0", "class 1", … */
  public static List<String> defaultClassNames(int n) {
    return IntStream.range(0, n).mapToObj(i -> "class " + i).toList();
  }

  /** Reads a reference-style {@code config.json} (flat keys as the reference's arguments). */
  public static MhimConfig read(Path file) throws IOException {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException(file + ": not a readable JSON config (" + JsonProblems.describe(e) + ")", e);
    }
    try {
      return fromReferenceJson(root);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /** A config from the reference's flat option names; unknown keys are ignored. */
  public static MhimConfig fromReferenceJson(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("config is not a JSON object");
    }
    int classes = requireInt(root, "n_classes");
    List<String> names = defaultClassNames(classes);
    if (root.has("class_names")) {
      List<String> given = new ArrayList<>();
      root.get("class_names").forEach(n -> given.add(n.asText()));
      if (given.size() != classes) {
        throw new IllegalArgumentException(
            "class_names has " + given.size() + " names for n_classes " + classes);
      }
      names = given;
    }
    if (root.has("attn2score") && !root.get("attn2score").asBoolean()) {
      throw new IllegalArgumentException("attn2score false is not supported (only class-aware scores)");
    }
    float dropout = (float) root.path("dropout").asDouble(0.25);
    float attentionDropout =
        root.has("attn_dropout")
            ? (float) root.get("attn_dropout").asDouble()
            : dropout == 0f ? 0f : 0.1f;
    return new MhimConfig(
        AggregatorKind.parse(requireText(root, "baseline")),
        requireInt(root, "input_dim"),
        requireInt(root, "mlp_dim"),
        names,
        ActivationKind.parse(root.path("act").asText("relu")),
        ActivationKind.parse(root.path("da_act").asText("gelu")),
        root.path("head").asInt(8),
        dropout,
        attentionDropout,
        root.path("mask_ratio_h").asDouble(0.0),
        root.path("mask_ratio_hr").asDouble(1.0),
        root.path("merge_enable").asBoolean(true),
        root.path("merge_k").asInt(1),
        root.path("merge_mm").asDouble(0.9998),
        root.path("merge_ratio").asDouble(0.0),
        root.path("temp_t").asDouble(0.1),
        root.path("aux_alpha").asDouble(0.5),
        root.path("ema_momentum").asDouble(0.9997));
  }

  /** This config with other class names (same count). */
  public MhimConfig withClassNames(List<String> names) {
    if (names.size() != classNames.size()) {
      throw new IllegalArgumentException(
          names.size() + " class names for a model of " + classNames.size() + " classes");
    }
    return new MhimConfig(
        aggregator, inputDim, mlpDim, names, activation, attentionActivation, heads, dropout,
        attentionDropout, maskRatioH, maskRatioHr, mergeEnable, mergeK, mergeMomentum, mergeRatio,
        tempT, auxAlpha, emaMomentum);
  }

  private static int requireInt(JsonNode root, String key) {
    JsonNode n = root.get(key);
    if (n == null || !n.canConvertToInt()) {
      throw new IllegalArgumentException("missing or non-integer '" + key + "'");
    }
    return n.asInt();
  }

  private static String requireText(JsonNode root, String key) {
    JsonNode n = root.get(key);
    if (n == null || !n.isTextual()) {
      throw new IllegalArgumentException("missing or non-text '" + key + "'");
    }
    return n.asText();
  }
}
