package org.mhim.viewer.mil;

import java.util.Arrays;

/**
 * Masked hard-instance mining: hides the instances the teacher scores highest, so the student has
 * to learn from the rest.
 *
 * <p>Of N instances the top ⌈N·r_h/r_hr⌉ by score are candidates (all N when r_h/r_hr exceeds 1,
 * in which case r_h itself becomes the sub-selection ratio); when the sub-selection ratio is below
 * 1 a random ⌈k·ratio⌉ of the k candidates are masked, otherwise all of them. The arithmetic is
 * done in double precision in the reference's order so the ceilings agree with it exactly (for
 * example 100 instances at 0.03 give 4, because 100·0.03 is a little above 3).
 *
 * @param ratio r_h, the fraction of instances to mask ({@code mask_ratio_h}); 0 masks nothing
 * @param randomRatio r_hr, the fraction of the candidates actually masked ({@code mask_ratio_hr})
 */
public record HighScoreMasking(double ratio, double randomRatio) {

  public HighScoreMasking {
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new IllegalArgumentException("mask ratio must be in [0, 1], got " + ratio);
    }
    if (!(randomRatio > 0 && randomRatio <= 1)) {
      throw new IllegalArgumentException("random sub-selection ratio must be in (0, 1], got " + randomRatio);
    }
  }

  /**
   * Which instances to mask for these teacher scores.
   *
   * @param scores one score per instance, in bag order
   * @param randomness chooses the masked candidates when only a fraction of them is masked
   */
  public HighScoreMask apply(float[] scores, StepRandomness randomness) {
    int n = scores.length;
    if (ratio == 0 || n == 0) {
      return new HighScoreMask(new int[0], identity(n));
    }
    double candidateRatio = ratio / randomRatio;
    double subRatio = randomRatio;
    if (candidateRatio > 1) {
      subRatio = ratio;
      candidateRatio = 1;
    }
    int candidates = (int) Math.ceil(n * candidateRatio);
    int[] top = topIndices(scores, candidates);
    int limit = n - 1;
    int[] masked = Arrays.copyOf(top, Math.min(candidates, limit));
    if (subRatio < 1) {
      int count = Math.min((int) Math.ceil(candidates * subRatio), limit);
      int[] ranks = randomness.chooseRanks(candidates, count);
      masked = new int[ranks.length];
      for (int i = 0; i < ranks.length; i++) {
        masked[i] = top[ranks[i]];
      }
    }
    return new HighScoreMask(masked, complement(masked, n));
  }

  /** Indices of the {@code k} highest scores, highest first; ties go to the lower index. */
  static int[] topIndices(float[] scores, int k) {
    // One primitive sort of (descending score, ascending index) packed in a long: no boxing, so a
    // bag of 100,000 instances sorts in milliseconds.
    long[] keys = new long[scores.length];
    for (int i = 0; i < scores.length; i++) {
      float s = scores[i];
      if (Float.isNaN(s)) {
        throw new IllegalArgumentException("instance score " + i + " is NaN");
      }
      int bits = Float.floatToIntBits(s == 0f ? 0f : s); // -0 and +0 rank equal
      int ordered = bits ^ ((bits >> 31) & 0x7fffffff); // monotone in the float value
      keys[i] = ((long) ~ordered << 32) | i;
    }
    Arrays.sort(keys);
    int[] top = new int[k];
    for (int i = 0; i < k; i++) {
      top[i] = (int) keys[i];
    }
    return top;
  }

  private static int[] complement(int[] masked, int n) {
    boolean[] hidden = new boolean[n];
    for (int m : masked) {
      hidden[m] = true;
    }
    int[] kept = new int[n - masked.length];
    int j = 0;
    for (int i = 0; i < n; i++) {
      if (!hidden[i]) {
        kept[j++] = i;
      }
    }
    return kept;
  }

  private static int[] identity(int n) {
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    return all;
  }
}
