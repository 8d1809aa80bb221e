package org.mhim.viewer.analysis;

import java.util.Arrays;

/**
 * Which instances the teacher would mask as hard at a ratio: the ⌈N·ratio⌉ instances with the
 * highest class-aware score (MHIM's masked hard instance mining without its random sub-sampling,
 * which only applies in training). Ties in score go to the earlier instance, so the choice is
 * deterministic.
 */
public final class HardInstances {

  /** Rank of an instance that is not hard. */
  public static final int NOT_HARD = -1;

  private HardInstances() {}

  /** How many instances are hard among {@code n} at {@code ratio}. */
  public static int count(int n, double ratio) {
    checkRatio(ratio);
    return (int) Math.min(n, Math.ceil(n * ratio - 1e-9));
  }

  /**
   * Rank per instance: 1 for the highest score, 2 for the next, … up to {@link #count}; {@link
   * #NOT_HARD} for the others. NaN scores are never hard.
   */
  public static int[] ranks(float[] scores, double ratio) {
    int k = count(scores.length, ratio);
    long[] keys = new long[scores.length];
    for (int i = 0; i < keys.length; i++) {
      // NaN sorts last, as the lowest score.
      float s = Float.isNaN(scores[i]) ? Float.NEGATIVE_INFINITY : scores[i];
      keys[i] = SortKeys.descending(s, i);
    }
    Arrays.sort(keys);
    int[] ranks = new int[scores.length];
    Arrays.fill(ranks, NOT_HARD);
    for (int r = 0; r < k && !Float.isNaN(scores[SortKeys.index(keys[r])]); r++) {
      ranks[SortKeys.index(keys[r])] = r + 1;
    }
    return ranks;
  }

  static void checkRatio(double ratio) {
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new IllegalArgumentException("hard ratio must be in [0, 1], got " + ratio);
    }
  }
}
