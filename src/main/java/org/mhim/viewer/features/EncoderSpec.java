package org.mhim.viewer.features;

import java.util.OptionalDouble;

/**
 * What an encoder is and what it expects.
 *
 * @param id a stable, versioned name; feature caches and models key on it
 * @param inputSize side of the square RGB patch the encoder consumes, in pixels
 * @param normalisation applied to RGB in 0..1 before the network
 * @param outputDim length of one feature vector
 * @param magnification the objective magnification the encoder was trained at, when it says
 */
public record EncoderSpec(
    String id, int inputSize, Normalisation normalisation, int outputDim, OptionalDouble magnification) {

  public EncoderSpec {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("an encoder needs an id");
    }
    if (inputSize < 8) {
      throw new IllegalArgumentException("input size must be at least 8 pixels, not " + inputSize);
    }
    if (outputDim < 1) {
      throw new IllegalArgumentException("output dimension must be positive, not " + outputDim);
    }
    if (magnification.isPresent() && !(magnification.getAsDouble() > 0)) {
      throw new IllegalArgumentException("magnification must be positive");
    }
  }
}
