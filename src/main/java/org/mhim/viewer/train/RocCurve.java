package org.mhim.viewer.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The ROC curve of scores separating positives from negatives: the false- and true-positive rates
 * at every threshold, highest first, from (0, 0) to (1, 1); tied scores make one step. The area
 * under it by trapezoids is {@link RocAuc}'s (ties counted as half), which gives the AUC.
 */
public final class RocCurve {

  /** One threshold's false-positive and true-positive rates. */
  public record Point(double falsePositiveRate, double truePositiveRate) {}

  private RocCurve() {}

  /** The curve; empty when either class is absent (no rates to draw). */
  public static List<Point> of(double[] scores, boolean[] positive) {
    int n = scores.length;
    long positives = 0;
    for (boolean p : positive) {
      positives += p ? 1 : 0;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return List.of();
    }
    Integer[] order = new Integer[n];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble(i -> -scores[i]));
    List<Point> points = new ArrayList<>();
    points.add(new Point(0, 0));
    long truePositives = 0;
    long falsePositives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      for (int k = i; k <= j; k++) {
        if (positive[order[k]]) {
          truePositives++;
        } else {
          falsePositives++;
        }
      }
      points.add(new Point((double) falsePositives / negatives, (double) truePositives / positives));
      i = j + 1;
    }
    return points;
  }
}
