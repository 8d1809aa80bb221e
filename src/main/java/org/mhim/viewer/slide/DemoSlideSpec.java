package org.mhim.viewer.slide;

/**
 * What synthetic slide to make.
 *
 * @param width level-0 width in pixels
 * @param height level-0 height in pixels
 * @param seed the same seed gives the same slide, byte for byte
 * @param tumorFraction share of the tissue area that is tumour, 0–1 (0: no tumour)
 */
public record DemoSlideSpec(long width, long height, long seed, double tumorFraction) {

  public static final long DEFAULT_WIDTH = 24_000;
  public static final long DEFAULT_HEIGHT = 18_000;
  public static final long DEFAULT_SEED = 1;
  public static final double DEFAULT_TUMOR_FRACTION = 0.3;
  /** Microns per level-0 pixel written into the slide (a 20× scan). */
  public static final double MPP = 0.5;
  public static final int OBJECTIVE_POWER = 20;

  public DemoSlideSpec {
    if (width < 64 || height < 64) {
      throw new IllegalArgumentException(
          "a demo slide must be at least 64×64 pixels, not " + width + "×" + height);
    }
    if (width > 1_000_000 || height > 1_000_000) {
      throw new IllegalArgumentException(
          "a demo slide may be at most 1,000,000 pixels on a side, not " + width + "×" + height);
    }
    if (!(tumorFraction >= 0 && tumorFraction <= 1)) {
      throw new IllegalArgumentException(
          "tumor fraction must be between 0 and 1, not " + tumorFraction);
    }
  }

  /** The default demo slide: 24,000 × 18,000, seed 1, 30 % tumour. */
  public static DemoSlideSpec defaults() {
    return new DemoSlideSpec(DEFAULT_WIDTH, DEFAULT_HEIGHT, DEFAULT_SEED, DEFAULT_TUMOR_FRACTION);
  }
}
