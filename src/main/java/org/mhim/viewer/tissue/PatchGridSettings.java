package org.mhim.viewer.tissue;

import java.util.OptionalDouble;

/**
 * How to lay patches over a slide.
 *
 * @param magnification target objective magnification (20 ↔ 0.5 µm per pixel)
 * @param patchSize patch side in pixels at that magnification (what the encoder sees)
 * @param step distance between patch corners in pixels at that magnification; equal to {@code
 *     patchSize} for a grid without overlap
 * @param minTissueFraction a patch is kept when at least this fraction of it is tissue (0 keeps
 *     every patch inside the slide)
 * @param downsampleOverride level-0 pixels per target pixel, for slides that state neither their
 *     pixel size nor their objective; when present it wins over both
 */
public record PatchGridSettings(
    double magnification,
    int patchSize,
    int step,
    double minTissueFraction,
    OptionalDouble downsampleOverride) {

  public static final double DEFAULT_MAGNIFICATION = 20;
  public static final int DEFAULT_PATCH_SIZE = 256;
  public static final double DEFAULT_MIN_TISSUE_FRACTION = 0.5;

  public PatchGridSettings {
    if (!(magnification > 0) || Double.isInfinite(magnification)) {
      throw new IllegalArgumentException("magnification must be positive, got " + magnification);
    }
    if (patchSize < 1 || step < 1) {
      throw new IllegalArgumentException(
          "patch size and step must be positive, got " + patchSize + " and " + step);
    }
    if (!(minTissueFraction >= 0 && minTissueFraction <= 1)) {
      throw new IllegalArgumentException(
          "minimum tissue fraction must lie in [0, 1], got " + minTissueFraction);
    }
    if (downsampleOverride.isPresent() && !(downsampleOverride.getAsDouble() > 0)) {
      throw new IllegalArgumentException(
          "downsample override must be positive, got " + downsampleOverride.getAsDouble());
    }
  }

  /** 20×, 256 px patches, no overlap, at least half tissue. */
  public static PatchGridSettings defaults() {
    return new PatchGridSettings(
        DEFAULT_MAGNIFICATION,
        DEFAULT_PATCH_SIZE,
        DEFAULT_PATCH_SIZE,
        DEFAULT_MIN_TISSUE_FRACTION,
        OptionalDouble.empty());
  }

  public PatchGridSettings withMagnification(double value) {
    return new PatchGridSettings(value, patchSize, step, minTissueFraction, downsampleOverride);
  }

  /** A new patch size; the step follows it when the grid had no overlap. */
  public PatchGridSettings withPatchSize(int value) {
    int newStep = step == patchSize ? value : step;
    return new PatchGridSettings(magnification, value, newStep, minTissueFraction, downsampleOverride);
  }

  public PatchGridSettings withStep(int value) {
    return new PatchGridSettings(magnification, patchSize, value, minTissueFraction, downsampleOverride);
  }

  public PatchGridSettings withMinTissueFraction(double value) {
    return new PatchGridSettings(magnification, patchSize, step, value, downsampleOverride);
  }

  public PatchGridSettings withDownsampleOverride(double value) {
    return new PatchGridSettings(
        magnification, patchSize, step, minTissueFraction, OptionalDouble.of(value));
  }
}
