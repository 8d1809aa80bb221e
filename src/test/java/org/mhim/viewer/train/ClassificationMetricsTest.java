package org.mhim.viewer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

  @Test
  void aucCountsPairsAndHalvesTies() {
    // Pairs (pos, neg): (0.8,0.1) (0.8,0.4) (0.8,0.8)=½ (0.35,0.1) (0.35,0.4)=0 (0.35,0.8)=0 → 3.5/6
    double auc =
        RocAuc.of(
            new double[] {0.1, 0.4, 0.35, 0.8, 0.8},
            new boolean[] {false, false, true, false, true});
    assertEquals(3.5 / 6, auc, 1e-12);
    assertTrue(Double.isNaN(RocAuc.of(new double[] {0.1, 0.2}, new boolean[] {true, true})));
  }

  @Test
  void binaryMetricsByHand() {
    int[] labels = {0, 0, 0, 1, 1};
    double[][] probs = {{0.9, 0.1}, {0.6, 0.4}, {0.3, 0.7}, {0.2, 0.8}, {0.55, 0.45}};
    ClassificationMetrics m = ClassificationMetrics.of(labels, probs, List.of("normal", "tumor"));
    assertEquals(5, m.n());
    assertArrayEquals(new int[][] {{2, 1}, {1, 1}}, m.confusion());
    assertEquals(3 / 5.0, m.accuracy(), 1e-12);
    assertEquals((2 / 3.0 + 1 / 2.0) / 2, m.balancedAccuracy(), 1e-12);
    // class 0: P=2/3 R=2/3 F1=2/3; class 1: P=1/2 R=1/2 F1=1/2
    assertEquals((2 / 3.0 + 0.5) / 2, m.f1(), 1e-12);
    // tumour scores: negatives 0.1, 0.4, 0.7; positives 0.8, 0.45 → pairs won 3 + 2 = 5 of 6
    assertEquals(5 / 6.0, m.auc(), 1e-12);
    assertEquals(2, m.perClass().get(1).support());
  }

  @Test
  void multiClassAucIsMacroOneVsRest() {
    int[] labels = {0, 1, 2, 2};
    double[][] probs = {{0.7, 0.2, 0.1}, {0.2, 0.5, 0.3}, {0.1, 0.2, 0.7}, {0.3, 0.4, 0.3}};
    ClassificationMetrics m = ClassificationMetrics.of(labels, probs, List.of("a", "b", "c"));
    double expected =
        (ClassificationMetrics.oneVsRestAuc(labels, probs, 0)
                + ClassificationMetrics.oneVsRestAuc(labels, probs, 1)
                + ClassificationMetrics.oneVsRestAuc(labels, probs, 2))
            / 3;
    assertEquals(expected, m.auc(), 1e-12);
    // class a: positive 0.7 beats 0.2, 0.1, 0.3 → 1; b: 0.5 beats 0.2, 0.2, 0.4 → 1;
    // c: positives 0.7, 0.3 vs negatives 0.1, 0.3 → (2 + 1.5) / 4
    assertEquals((1 + 1 + 3.5 / 4) / 3, m.auc(), 1e-12);
  }
}
