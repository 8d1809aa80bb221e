package org.mhim.viewer.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The teacher's scores binned, the hard ones apart: they are the highest, above the cut. */
class ScoreBinsTest {

  private static Instances instances(float[] scores, double ratio) {
    int n = scores.length;
    float[][] probabilities = new float[n][];
    for (int i = 0; i < n; i++) {
      probabilities[i] = new float[] {1 - scores[i], scores[i]};
    }
    int[] zeros = new int[n];
    int[] ones = new int[n];
    Arrays.fill(ones, 256);
    return new Instances(2, zeros, zeros, ones, ones, probabilities, scores, new float[n], HardInstances.ranks(scores, ratio));
  }

  @Test
  void theHardAreTheHighestScoresAndEveryInstanceIsCountedOnce() {
    Random random = new Random(5);
    float[] scores = new float[1000];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = random.nextFloat();
    }
    Instances at5 = instances(scores, 0.05);
    ScoreBins bins = ScoreBins.of(at5, 20);
    assertEquals(1000, Arrays.stream(bins.kept()).sum() + Arrays.stream(bins.hard()).sum());
    assertEquals(at5.hardCount(), Arrays.stream(bins.hard()).sum());
    float[] sorted = scores.clone();
    Arrays.sort(sorted);
    assertEquals(sorted[sorted.length - at5.hardCount()], bins.cut(), "the lowest hard score");
    assertEquals(sorted[0], bins.min());
    assertEquals(sorted[sorted.length - 1], bins.max());
    // Hard instances only in the top bins: none below the cut's bin.
    int cutBin = (int) ((bins.cut() - bins.min()) / (bins.max() - bins.min()) * 20);
    for (int b = 0; b < cutBin; b++) {
      assertEquals(0, bins.hard()[b], "bin " + b);
    }
    assertTrue(bins.tallest() >= 1000 / 20);
  }

  @Test
  void equalScoresFallInOneBinAndNoneHardHasNoCut() {
    ScoreBins same = ScoreBins.of(instances(new float[] {0.5f, 0.5f, 0.5f}, 0), 10);
    assertArrayEquals(new int[] {3, 0, 0, 0, 0, 0, 0, 0, 0, 0}, same.kept());
    assertTrue(Float.isNaN(same.cut()));
    assertEquals(3, same.tallest());
  }
}
