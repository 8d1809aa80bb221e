package org.mhim.viewer.features;

/**
 * How a bag's patches were cut and encoded. Files from other tools do not always say; a value the
 * file does not give is 0 (numbers) or empty (text).
 *
 * @param patchSize patch side in pixels at the target magnification (CLAM/TRIDENT {@code patch_size})
 * @param patchLevel the pyramid level the patches were read from (CLAM {@code patch_level})
 * @param patchSizeLevel0 patch side in level-0 pixels (TRIDENT {@code patch_size_level0})
 * @param magnification the target magnification (TRIDENT {@code target_magnification})
 * @param encoderId the encoder that made the features
 */
public record BagAttributes(
    int patchSize, int patchLevel, long patchSizeLevel0, double magnification, String encoderId) {

  public BagAttributes {
    if (patchSize < 0 || patchLevel < 0 || patchSizeLevel0 < 0 || magnification < 0) {
      throw new IllegalArgumentException("patch attributes cannot be negative");
    }
    encoderId = encoderId == null ? "" : encoderId;
  }

  /** Nothing known, as for a bare {@code pt_files} tensor. */
  public static BagAttributes unknown() {
    return new BagAttributes(0, 0, 0, 0, "");
  }

  /** True when the level-0 patch side is known, so patches can be drawn on the slide. */
  public boolean hasGeometry() {
    return patchSizeLevel0 > 0;
  }
}
