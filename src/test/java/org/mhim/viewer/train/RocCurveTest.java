package org.mhim.viewer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The ROC curve's steps, and its area equal to the rank-sum AUC, ties included. */
class RocCurveTest {

  @Test
  void aSmallCurveStepsThroughEveryThreshold() {
    double[] scores = {0.9, 0.8, 0.8, 0.3, 0.1};
    boolean[] positive = {true, true, false, true, false};
    // 0.9 a positive; the tie at 0.8 one of each, one step; 0.3 a positive; 0.1 a negative.
    assertEquals(List.of(new RocCurve.Point(0, 0), new RocCurve.Point(0, 1 / 3.0), new RocCurve.Point(0.5, 2 / 3.0),
        new RocCurve.Point(0.5, 1), new RocCurve.Point(1, 1)), RocCurve.of(scores, positive));
    assertTrue(RocCurve.of(new double[] {0.2, 0.4}, new boolean[] {true, true}).isEmpty(), "one class: no curve");
  }

  @Test
  void itsAreaIsTheRankSumAuc() {
    Random random = new Random(11);
    for (int trial = 0; trial < 50; trial++) {
      int n = 2 + random.nextInt(60);
      double[] scores = new double[n];
      boolean[] positive = new boolean[n];
      for (int i = 0; i < n; i++) {
        scores[i] = random.nextInt(8) / 8.0; // many ties
        positive[i] = random.nextBoolean();
      }
      positive[0] = true;
      positive[1] = false;
      assertEquals(RocAuc.of(scores, positive), area(RocCurve.of(scores, positive)), 1e-12);
    }
  }

  /** The area under {@code points} by trapezoids. */
  private static double area(List<RocCurve.Point> points) {
    double area = 0;
    for (int i = 1; i < points.size(); i++) {
      RocCurve.Point a = points.get(i - 1);
      RocCurve.Point b = points.get(i);
      area += (b.falsePositiveRate() - a.falsePositiveRate()) * (a.truePositiveRate() + b.truePositiveRate()) / 2;
    }
    return area;
  }
}
