package org.mhim.viewer.mil;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StepRandomnessTest {

  @Test
  void seededPermutationsArePermutationsAndReproducible() {
    int[] p = new SeededStepRandomness(7).permutation(1000);
    int[] sorted = p.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      assertEquals(i, sorted[i]);
    }
    assertArrayEquals(p, new SeededStepRandomness(7).permutation(1000));
    assertFalse(Arrays.equals(p, new SeededStepRandomness(8).permutation(1000)));
    int[] ranks = new SeededStepRandomness(7).chooseRanks(20, 5);
    assertEquals(5, Arrays.stream(ranks).distinct().filter(r -> r >= 0 && r < 20).count());
  }

  @Test
  void fixedRandomnessReplaysItsPermutation() {
    FixedStepRandomness fixed = new FixedStepRandomness(new int[] {2, 0, 1});
    assertArrayEquals(new int[] {2, 0, 1}, fixed.permutation(3));
    assertArrayEquals(new int[] {0, 1}, fixed.chooseRanks(4, 2));
    assertThrows(IllegalStateException.class, () -> fixed.permutation(4));
    assertThrows(IllegalArgumentException.class, () -> new FixedStepRandomness(new int[] {0, 0, 1}));
  }
}
