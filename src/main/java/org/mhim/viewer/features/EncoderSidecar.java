package org.mhim.viewer.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import org.mhim.viewer.io.FileNames;
import org.mhim.viewer.io.JsonProblems;

/**
 * Reads the JSON description beside a user's TorchScript encoder ({@code name.json} next to
 * {@code name.pt}): {@code id}, {@code input_size}, {@code mean}, {@code std}, {@code output_dim}
 * and optionally {@code magnification}.
 */
public final class EncoderSidecar {

  private static final ObjectMapper JSON = new ObjectMapper();

  private EncoderSidecar() {}

  /** The sidecar path for a model file: same name, {@code .json} extension. */
  public static Path sidecarOf(Path model) {
    return model.resolveSibling(FileNames.stem(model) + ".json");
  }

  /** Reads and checks a sidecar. */
  public static EncoderSpec read(Path sidecar) {
    if (!Files.isRegularFile(sidecar)) {
      throw new EncoderException(
          sidecar,
          "the encoder's description is missing (a JSON file with id, input_size, mean, std,"
              + " output_dim, magnification)");
    }
    JsonNode root;
    try {
      root = JSON.readTree(sidecar.toFile());
    } catch (IOException e) {
      throw new EncoderException(sidecar, "not valid JSON: " + JsonProblems.describe(e), e);
    }
    if (root == null || !root.isObject()) {
      throw new EncoderException(sidecar, "expected a JSON object");
    }
    try {
      String id = text(root, "id");
      int inputSize = integer(root, "input_size");
      float[] mean = triple(root, "mean");
      float[] std = triple(root, "std");
      int outputDim = integer(root, "output_dim");
      JsonNode mag = root.get("magnification");
      OptionalDouble magnification =
          mag == null || mag.isNull() ? OptionalDouble.empty() : OptionalDouble.of(number(mag, "magnification"));
      return new EncoderSpec(id, inputSize, new Normalisation(mean, std), outputDim, magnification);
    } catch (IllegalArgumentException e) {
      throw new EncoderException(sidecar, e.getMessage(), e);
    }
  }

  private static String text(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || !node.isTextual() || node.asText().isBlank()) {
      throw new IllegalArgumentException("\"" + field + "\" must be a non-empty string");
    }
    return node.asText();
  }

  private static int integer(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || !node.canConvertToInt() || !node.isIntegralNumber()) {
      throw new IllegalArgumentException("\"" + field + "\" must be an integer");
    }
    return node.asInt();
  }

  private static double number(JsonNode node, String field) {
    if (!node.isNumber()) {
      throw new IllegalArgumentException("\"" + field + "\" must be a number");
    }
    return node.asDouble();
  }

  private static float[] triple(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || !node.isArray() || node.size() != 3) {
      throw new IllegalArgumentException("\"" + field + "\" must be three numbers (R, G, B)");
    }
    float[] values = new float[3];
    for (int i = 0; i < 3; i++) {
      values[i] = (float) number(node.get(i), field);
    }
    return values;
  }
}
