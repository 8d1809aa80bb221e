package org.mhim.viewer.mil;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The default {@link StepRandomness}: uniform random permutations from a seeded generator, so a
 * training run is reproducible from its seed. Not thread-safe: one per training loop.
 */
public final class SeededStepRandomness implements StepRandomness {

  private final SplittableRandom random;

  public SeededStepRandomness(long seed) {
    this.random = new SplittableRandom(seed);
  }

  @Override
  public int[] chooseRanks(int candidates, int count) {
    if (count < 0 || count > candidates) {
      throw new IllegalArgumentException("cannot choose " + count + " of " + candidates + " ranks");
    }
    int[] shuffled = permutation(candidates);
    return Arrays.copyOf(shuffled, count);
  }

  @Override
  public int[] permutation(int length) {
    if (length < 0) {
      throw new IllegalArgumentException("negative permutation length " + length);
    }
    int[] p = new int[length];
    for (int i = 0; i < length; i++) {
      p[i] = i;
    }
    // Fisher–Yates: every permutation equally likely, as torch.argsort(torch.rand(L)) gives.
    for (int i = length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
