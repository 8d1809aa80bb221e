package org.mhim.viewer.mil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bundle's {@code manifest.json}: format version, the model's hyperparameters, the encoder its
 * features come from, and free-form provenance (dataset, training run, date, …).
 */
public record ModelManifest(
    int formatVersion, MhimConfig config, EncoderInfo encoder, Map<String, String> provenance) {

  /** The version this code writes; it reads this and older ones. */
  public static final int FORMAT_VERSION = 1;

  public ModelManifest {
    provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
  }

  /** A current-version manifest. */
  public static ModelManifest of(MhimConfig config, EncoderInfo encoder, Map<String, String> provenance) {
    return new ModelManifest(FORMAT_VERSION, config, encoder, provenance);
  }

  ObjectNode toJson(ObjectMapper mapper, String weightsFile, boolean hasTeacher) {
    MhimConfig c = config;
    ObjectNode root = mapper.createObjectNode();
    root.put("format_version", formatVersion);
    root.put("aggregator", c.aggregator().id());
    root.put("input_dim", c.inputDim());
    root.put("mlp_dim", c.mlpDim());
    root.put("n_classes", c.classes());
    c.classNames().forEach(root.putArray("class_names")::add);
    root.put("activation", c.activation().configName());
    root.put("attention_activation", c.attentionActivation().configName());
    root.put("heads", c.heads());
    root.put("dropout", c.dropout());
    root.put("attention_dropout", c.attentionDropout());
    ObjectNode masking = root.putObject("masking");
    masking.put("mask_ratio_h", c.maskRatioH());
    masking.put("mask_ratio_hr", c.maskRatioHr());
    ObjectNode recycling = root.putObject("recycling");
    recycling.put("enabled", c.mergeEnable());
    recycling.put("k", c.mergeK());
    recycling.put("momentum", c.mergeMomentum());
    recycling.put("ratio", c.mergeRatio());
    ObjectNode loss = root.putObject("loss");
    loss.put("temp_t", c.tempT());
    loss.put("aux_alpha", c.auxAlpha());
    root.put("ema_momentum", c.emaMomentum());
    ObjectNode enc = root.putObject("encoder");
    enc.put("id", encoder.id());
    enc.put("patch_size", encoder.patchSize());
    enc.put("magnification", encoder.magnification());
    ObjectNode prov = root.putObject("provenance");
    provenance.forEach(prov::put);
    ObjectNode weights = root.putObject("weights");
    weights.put("file", weightsFile);
    weights.put("student", WeightsChoice.STUDENT.checkpointKey());
    if (hasTeacher) {
      weights.put("teacher", WeightsChoice.TEACHER.checkpointKey());
    }
    return root;
  }

  static ModelManifest fromJson(JsonNode root) {
    int version = need(root, "format_version").asInt();
    if (version < 1 || version > FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "format_version " + version + " is not supported (this version reads up to "
              + FORMAT_VERSION + ")");
    }
    List<String> names = new ArrayList<>();
    need(root, "class_names").forEach(n -> names.add(n.asText()));
    if (names.size() != need(root, "n_classes").asInt()) {
      throw new IllegalArgumentException("class_names does not have n_classes names");
    }
    JsonNode masking = need(root, "masking");
    JsonNode recycling = need(root, "recycling");
    JsonNode loss = need(root, "loss");
    MhimConfig config =
        new MhimConfig(
            AggregatorKind.parse(need(root, "aggregator").asText()),
            need(root, "input_dim").asInt(),
            need(root, "mlp_dim").asInt(),
            names,
            ActivationKind.parse(need(root, "activation").asText()),
            ActivationKind.parse(need(root, "attention_activation").asText()),
            need(root, "heads").asInt(),
            (float) need(root, "dropout").asDouble(),
            (float) need(root, "attention_dropout").asDouble(),
            need(masking, "mask_ratio_h").asDouble(),
            need(masking, "mask_ratio_hr").asDouble(),
            need(recycling, "enabled").asBoolean(),
            need(recycling, "k").asInt(),
            need(recycling, "momentum").asDouble(),
            need(recycling, "ratio").asDouble(),
            need(loss, "temp_t").asDouble(),
            need(loss, "aux_alpha").asDouble(),
            need(root, "ema_momentum").asDouble());
    JsonNode enc = root.path("encoder");
    EncoderInfo encoder =
        new EncoderInfo(
            enc.path("id").isTextual() ? enc.get("id").asText() : null,
            enc.path("patch_size").isNumber() ? enc.get("patch_size").asInt() : null,
            enc.path("magnification").isNumber() ? enc.get("magnification").asDouble() : null);
    Map<String, String> provenance = new LinkedHashMap<>();
    root.path("provenance").properties().forEach(e -> provenance.put(e.getKey(), e.getValue().asText()));
    return new ModelManifest(version, config, encoder, provenance);
  }

  private static JsonNode need(JsonNode node, String key) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("manifest lacks '" + key + "'");
    }
    return v;
  }
}
