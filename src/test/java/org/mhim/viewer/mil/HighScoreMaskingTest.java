package org.mhim.viewer.mil;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HighScoreMaskingTest {

  /** Scores that are a shuffled 0..n-1, so the top k are the indices holding n-1, n-2, … */
  private static float[] shuffledScores(int n, long seed) {
    float[] s = new float[n];
    for (int i = 0; i < n; i++) {
      s[i] = i;
    }
    Random r = new Random(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      float t = s[i];
      s[i] = s[j];
      s[j] = t;
    }
    return s;
  }

  private static Set<Integer> indicesOfTop(float[] scores, int k) {
    int n = scores.length;
    return IntStream.range(0, n)
        .filter(i -> scores[i] >= n - k)
        .boxed()
        .collect(Collectors.toSet());
  }

  @Test
  void masksTheCeilingOfTheRatioHighestScoresAndKeepsTheRestInOrder() {
    float[] scores = shuffledScores(257, 1);
    HighScoreMask mask = new HighScoreMasking(0.03, 1.0).apply(scores, new SeededStepRandomness(0));
    // ⌈257 · 0.03⌉ = ⌈7.71⌉ = 8
    assertEquals(8, mask.maskedCount());
    assertEquals(indicesOfTop(scores, 8), Arrays.stream(mask.masked()).boxed().collect(Collectors.toSet()));
    // highest first
    for (int i = 1; i < mask.maskedCount(); i++) {
      assertTrue(scores[mask.masked()[i - 1]] > scores[mask.masked()[i]]);
    }
    int[] kept = mask.kept();
    assertEquals(249, kept.length);
    for (int i = 1; i < kept.length; i++) {
      assertTrue(kept[i - 1] < kept[i], "kept instances stay in bag order");
    }
    Set<Integer> masked = Arrays.stream(mask.masked()).boxed().collect(Collectors.toSet());
    assertTrue(Arrays.stream(kept).noneMatch(masked::contains));
  }

  @Test
  void ceilingFollowsDoubleArithmeticLikeTheReference() {
    // 100 · 0.07 is 7.000000000000001 in binary floating point, so the reference masks 8.
    assertEquals(8, new HighScoreMasking(0.07, 1.0).apply(shuffledScores(100, 2), new SeededStepRandomness(0)).maskedCount());
    // 100 · 0.03 is exactly 3.
    assertEquals(3, new HighScoreMasking(0.03, 1.0).apply(shuffledScores(100, 2), new SeededStepRandomness(0)).maskedCount());
    // 200 · 0.05 is exactly 10.
    assertEquals(10, new HighScoreMasking(0.05, 1.0).apply(shuffledScores(200, 2), new SeededStepRandomness(0)).maskedCount());
    // one instance always stays
    assertEquals(0, new HighScoreMasking(0.01, 1.0).apply(new float[] {0.3f}, new SeededStepRandomness(0)).maskedCount());
    assertEquals(4, new HighScoreMasking(1.0, 1.0).apply(shuffledScores(5, 2), new SeededStepRandomness(0)).maskedCount());
    assertEquals(4, new HighScoreMasking(1.0, 0.5).apply(shuffledScores(5, 2), new SeededStepRandomness(0)).maskedCount());
  }

  @Test
  void randomSubSelectionMasksPartOfTheWiderTopSet() {
    float[] scores = shuffledScores(200, 3);
    // candidates ⌈200 · 0.05 / 0.5⌉ = 20, of which ⌈20 · 0.5⌉ = 10 are masked
    HighScoreMasking masking = new HighScoreMasking(0.05, 0.5);
    HighScoreMask a = masking.apply(scores, new SeededStepRandomness(42));
    assertEquals(10, a.maskedCount());
    Set<Integer> top20 = indicesOfTop(scores, 20);
    assertTrue(Arrays.stream(a.masked()).allMatch(top20::contains));
    assertFalse(indicesOfTop(scores, 10).equals(Arrays.stream(a.masked()).boxed().collect(Collectors.toSet())),
        "a random half of the top 20 is (almost surely) not the top 10");
    HighScoreMask again = masking.apply(scores, new SeededStepRandomness(42));
    assertArrayEquals(a.masked(), again.masked(), "same seed, same choice");
    HighScoreMask other = masking.apply(scores, new SeededStepRandomness(43));
    assertFalse(Arrays.equals(a.masked(), other.masked()), "another seed, another choice");
  }

  @Test
  void ratioAboveTheSubSelectionMakesEveryInstanceACandidate() {
    // r_h / r_hr = 1.2 > 1: all 10 are candidates and ⌈10 · 0.6⌉ = 6 of them are masked at random
    float[] scores = shuffledScores(10, 4);
    HighScoreMask mask = new HighScoreMasking(0.6, 0.5).apply(scores, new SeededStepRandomness(5));
    assertEquals(6, mask.maskedCount());
    assertEquals(4, mask.keptCount());
  }

  @Test
  void zeroRatioMasksNothing() {
    HighScoreMask mask = new HighScoreMasking(0, 1).apply(shuffledScores(5, 6), new SeededStepRandomness(0));
    assertEquals(0, mask.maskedCount());
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, mask.kept());
  }

  @Test
  void refusesNanScoresAndBadRatios() {
    assertThrows(IllegalArgumentException.class,
        () -> new HighScoreMasking(0.1, 1).apply(new float[] {1, Float.NaN}, new SeededStepRandomness(0)));
    assertThrows(IllegalArgumentException.class, () -> new HighScoreMasking(-0.1, 1));
    assertThrows(IllegalArgumentException.class, () -> new HighScoreMasking(0.1, 0));
  }

  @Test
  void negativeScoresRankBelowPositiveOnes() {
    float[] scores = {-3f, 2f, -0.5f, 0f, 7f, -10f};
    assertArrayEquals(new int[] {4, 1, 3, 2, 0, 5}, HighScoreMasking.topIndices(scores, 6));
  }
}
