package org.mhim.viewer.tissue;

/**
 * Otsu's threshold: the level that maximises the between-class variance of a histogram, splitting
 * it into "at or below" and "above".
 */
public final class OtsuThreshold {

  private OtsuThreshold() {}

  /**
   * The threshold {@code t} for a histogram of values {@code 0…histogram.length-1}: values {@code
   * > t} form the upper class. Returns the lowest {@code t} among equally good ones, and 0 for a
   * histogram with fewer than two distinct values.
   */
  public static int of(long[] histogram) {
    long total = 0;
    double weightedSum = 0;
    for (int v = 0; v < histogram.length; v++) {
      if (histogram[v] < 0) {
        throw new IllegalArgumentException("histogram counts are never negative");
      }
      total += histogram[v];
      weightedSum += (double) v * histogram[v];
    }
    long lowerCount = 0;
    double lowerSum = 0;
    double bestVariance = 0;
    int best = 0;
    for (int t = 0; t < histogram.length - 1; t++) {
      lowerCount += histogram[t];
      lowerSum += (double) t * histogram[t];
      long upperCount = total - lowerCount;
      if (lowerCount == 0 || upperCount == 0) {
        continue;
      }
      double meanDifference = lowerSum / lowerCount - (weightedSum - lowerSum) / upperCount;
      // Between-class variance up to the constant factor 1 / total².
      double variance = (double) lowerCount * upperCount * meanDifference * meanDifference;
      if (variance > bestVariance * (1 + 1e-12)) {
        bestVariance = variance;
        best = t;
      }
    }
    return best;
  }

  /** Histogram of 8-bit values (bytes read as unsigned). */
  public static long[] histogram(byte[] values) {
    long[] histogram = new long[256];
    for (byte value : values) {
      histogram[value & 0xFF]++;
    }
    return histogram;
  }
}
