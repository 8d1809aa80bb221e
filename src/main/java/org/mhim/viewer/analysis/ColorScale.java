package org.mhim.viewer.analysis;

/**
 * Everything that turns per-instance values into overlay colours: a colour map, a normalisation,
 * a threshold on the normalised position (positions below it are not drawn) and an opacity.
 *
 * @param threshold colour-map position in [0, 1] below which an instance is transparent (0 draws all)
 * @param opacity alpha of drawn instances, in [0, 1]
 */
public record ColorScale(
    Colormap colormap, Normalization normalization, double threshold, double opacity) {

  public ColorScale {
    if (colormap == null || normalization == null) {
      throw new IllegalArgumentException("a colour scale needs a colour map and a normalisation");
    }
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
    }
    if (!(opacity >= 0 && opacity <= 1)) {
      throw new IllegalArgumentException("opacity must be in [0, 1], got " + opacity);
    }
  }

  /** Viridis, values as they are, nothing hidden, half opaque: the figure's default. */
  public static ColorScale defaults() {
    return new ColorScale(Colormap.VIRIDIS, Normalization.AS_IS, 0, 0.5);
  }

  public ColorScale withColormap(Colormap map) {
    return new ColorScale(map, normalization, threshold, opacity);
  }

  public ColorScale withNormalization(Normalization mode) {
    return new ColorScale(colormap, mode, threshold, opacity);
  }

  public ColorScale withThreshold(double t) {
    return new ColorScale(colormap, normalization, t, opacity);
  }

  public ColorScale withOpacity(double alpha) {
    return new ColorScale(colormap, normalization, threshold, alpha);
  }

  /**
   * Non-premultiplied ARGB per value: the colour-map colour at the normalised position with this
   * opacity, or 0 (transparent) when the value is NaN or its position is below the threshold.
   */
  public int[] colors(float[] values) {
    double[] positions = normalization.apply(values);
    int alpha = (int) Math.round(opacity * 255) << 24;
    int[] out = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      double t = positions[i];
      if (!Double.isNaN(t) && t >= threshold) {
        out[i] = alpha | (colormap.argb(t) & 0xFFFFFF);
      }
    }
    return out;
  }
}
