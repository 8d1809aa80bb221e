package org.mhim.viewer.train;

import java.util.Arrays;
import java.util.Comparator;

/** Area under the ROC curve by the rank-sum (Mann–Whitney) formula, ties counted as half. */
public final class RocAuc {

  private RocAuc() {}

  /** AUC of {@code scores} separating positives from negatives; NaN if either class is absent. */
  public static double of(double[] scores, boolean[] positive) {
    int n = scores.length;
    Integer[] order = new Integer[n];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
    double positiveRankSum = 0;
    long positives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double averageRank = (i + j) / 2.0 + 1; // 1-based rank shared by the tied run i..j
      for (int k = i; k <= j; k++) {
        if (positive[order[k]]) {
          positiveRankSum += averageRank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }
}
