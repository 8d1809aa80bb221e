package org.mhim.viewer.analysis;

import java.util.Arrays;

/** The instances that stand out for a class: what the viewer's gallery shows first. */
public final class TopInstances {

  private TopInstances() {}

  /**
   * The {@code k} instances with the highest probability of {@code classIndex}, highest first
   * (ties by lower index); fewer when there are fewer instances. NaN probabilities come last.
   */
  public static int[] byProbability(Instances instances, int classIndex, int k) {
    if (k < 0) {
      throw new IllegalArgumentException("k must not be negative, got " + k);
    }
    long[] keys = new long[instances.size()];
    for (int i = 0; i < keys.length; i++) {
      float p = instances.probability(i, classIndex);
      keys[i] = SortKeys.descending(Float.isNaN(p) ? Float.NEGATIVE_INFINITY : p, i);
    }
    Arrays.sort(keys);
    int[] out = new int[Math.min(k, keys.length)];
    for (int r = 0; r < out.length; r++) {
      out[r] = SortKeys.index(keys[r]);
    }
    return out;
  }
}
