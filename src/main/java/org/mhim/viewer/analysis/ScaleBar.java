package org.mhim.viewer.analysis;

import java.util.Locale;

/**
 * A scale bar's length: the longest "round" length (1, 2 or 5 × a power of ten micrometres) that
 * fits in the space given, with its label ("500 µm", "2 mm").
 *
 * @param micrometres the bar's length in µm
 * @param pixels the bar's length in figure pixels
 * @param label what is written beside it
 */
public record ScaleBar(double micrometres, double pixels, String label) {

  private static final int[] STEPS = {1, 2, 5};

  /**
   * The bar for {@code micronsPerPixel} (figure pixels) at most {@code maxPixels} long, or null when
   * even 1 µm does not fit.
   */
  public static ScaleBar fitting(double micronsPerPixel, double maxPixels) {
    if (!(micronsPerPixel > 0) || !(maxPixels > 0)) {
      throw new IllegalArgumentException(
          "scale bar needs a positive pixel size and space, got " + micronsPerPixel + " µm/px, "
              + maxPixels + " px");
    }
    ScaleBar best = null;
    for (double decade = 1; decade <= 1e6; decade *= 10) {
      for (int step : STEPS) {
        double um = step * decade;
        double px = um / micronsPerPixel;
        if (px <= maxPixels) {
          best = new ScaleBar(um, px, label(um));
        }
      }
    }
    return best;
  }

  private static String label(double um) {
    if (um >= 1000) {
      return String.format(Locale.ROOT, "%s mm", trim(um / 1000));
    }
    return String.format(Locale.ROOT, "%s µm", trim(um));
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
