package org.mhim.viewer.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HardInstancesTest {

  @Test
  void countIsTheCeilingOfNTimesRatio() {
    assertEquals(1, HardInstances.count(10, 0.01));
    assertEquals(1, HardInstances.count(10, 0.1));
    assertEquals(2, HardInstances.count(10, 0.11));
    assertEquals(5, HardInstances.count(100, 0.05));
    assertEquals(0, HardInstances.count(100, 0));
    assertEquals(100, HardInstances.count(100, 1));
    assertEquals(0, HardInstances.count(0, 0.5));
  }

  @Test
  void ranksTheHighestScoresFirstAndLeavesTheRestNotHard() {
    float[] scores = {0.2f, 0.9f, 0.5f, 0.7f, 0.1f};
    assertArrayEquals(new int[] {-1, 1, 3, 2, -1}, HardInstances.ranks(scores, 0.6));
  }

  @Test
  void tiesGoToTheEarlierInstanceAndNanIsNeverHard() {
    float[] scores = {0.5f, Float.NaN, 0.5f, 0.5f};
    assertArrayEquals(new int[] {1, -1, 2, -1}, HardInstances.ranks(scores, 0.5));
    assertArrayEquals(new int[] {1, -1, 2, 3}, HardInstances.ranks(scores, 1));
  }

  @Test
  void negativeScoresRankBelowPositiveOnes() {
    float[] scores = {-1f, 2f, -3f, 0.5f};
    assertArrayEquals(new int[] {3, 1, -1, 2}, HardInstances.ranks(scores, 0.75));
  }

  @Test
  void rejectsRatiosOutsideZeroToOne() {
    assertThrows(IllegalArgumentException.class, () -> HardInstances.ranks(new float[3], 1.5));
    assertThrows(IllegalArgumentException.class, () -> HardInstances.count(3, Double.NaN));
  }
}
