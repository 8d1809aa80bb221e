package org.mhim.viewer.analysis;

import java.util.Arrays;
import java.util.Locale;

/**
 * How per-instance values become colour-map positions in [0, 1]. NaN values stay NaN (drawn
 * transparent) and take no part in ranks or ranges.
 */
public enum Normalization {
  /** The value itself, clamped to [0, 1]: right for probabilities, which are comparable across slides. */
  AS_IS("as is"),
  /**
   * The percentile rank within the slide: the smallest value maps to 0, the largest to 1, tied
   * values share the mean of their ranks. Shows the ordering whatever the spread.
   */
  PERCENTILE("percentile"),
  /** Linear from the slide's minimum (0) to its maximum (1): right for attention and scores. */
  MIN_MAX("min–max");

  private final String displayName;

  Normalization(String displayName) {
    this.displayName = displayName;
  }

  public String displayName() {
    return displayName;
  }

  /** Colour-map positions for {@code values}, one each, in [0, 1] or NaN. */
  public double[] apply(float[] values) {
    return switch (this) {
      case AS_IS -> asIs(values);
      case PERCENTILE -> percentileRanks(values);
      case MIN_MAX -> minMax(values);
    };
  }

  /**
   * The label of a colour-bar tick at position {@code t}, given the values that were normalised:
   * the value there for {@link #AS_IS} and {@link #MIN_MAX}, the percentile for {@link #PERCENTILE}.
   */
  public String tickLabel(double t, float[] values) {
    return switch (this) {
      case AS_IS -> format(t);
      case PERCENTILE -> String.format(Locale.ROOT, "%d%%", Math.round(t * 100));
      case MIN_MAX -> {
        double[] range = range(values);
        yield Double.isNaN(range[0]) ? "–" : format(range[0] + t * (range[1] - range[0]));
      }
    };
  }

  /** Parses "as-is"/"probability", "percentile"/"rank", "min-max"; ignoring case. */
  public static Normalization parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT).strip()) {
      case "as-is", "as is", "asis", "probability" -> AS_IS;
      case "percentile", "rank" -> PERCENTILE;
      case "min-max", "minmax", "min–max" -> MIN_MAX;
      default ->
          throw new IllegalArgumentException(
              "unknown normalisation '" + name + "' (use as-is, percentile or min-max)");
    };
  }

  private static double[] asIs(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Float.isNaN(values[i]) ? Double.NaN : Math.clamp(values[i], 0.0, 1.0);
    }
    return out;
  }

  private static double[] minMax(float[] values) {
    double[] range = range(values);
    double span = range[1] - range[0];
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      if (Float.isNaN(values[i])) {
        out[i] = Double.NaN;
      } else {
        // A constant map has no spread to show; the middle colour says so without picking a side.
        out[i] = span > 0 ? (values[i] - range[0]) / span : 0.5;
      }
    }
    return out;
  }

  private static double[] percentileRanks(float[] values) {
    long[] keys = new long[values.length];
    int n = 0;
    for (int i = 0; i < values.length; i++) {
      if (!Float.isNaN(values[i])) {
        keys[n++] = SortKeys.ascending(values[i], i);
      }
    }
    Arrays.sort(keys, 0, n);
    double[] out = new double[values.length];
    Arrays.fill(out, Double.NaN);
    int start = 0;
    while (start < n) {
      float value = values[SortKeys.index(keys[start])];
      int end = start;
      while (end + 1 < n && values[SortKeys.index(keys[end + 1])] == value) {
        end++;
      }
      double meanRank = (start + end) / 2.0;
      double t = n > 1 ? meanRank / (n - 1) : 0.5;
      for (int k = start; k <= end; k++) {
        out[SortKeys.index(keys[k])] = t;
      }
      start = end + 1;
    }
    return out;
  }

  /** {@code {min, max}} of the non-NaN values; NaNs when there are none. */
  static double[] range(float[] values) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (float v : values) {
      if (!Float.isNaN(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    return min <= max ? new double[] {min, max} : new double[] {Double.NaN, Double.NaN};
  }

  private static String format(double v) {
    if (v != 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e4)) {
      return String.format(Locale.ROOT, "%.2e", v);
    }
    String s = String.format(Locale.ROOT, "%.3f", v);
    // "0.250" → "0.25", "1.000" → "1"
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }
}
