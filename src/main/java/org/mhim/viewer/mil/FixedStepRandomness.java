package org.mhim.viewer.mil;

import java.util.Arrays;

/**
 * A {@link StepRandomness} that gives back choices made elsewhere — the reference's recorded
 * permutation in a parity test, or a step being replayed. Masks the highest ranks when asked for a
 * sub-selection.
 */
public final class FixedStepRandomness implements StepRandomness {

  private final int[] permutation;

  /** @param permutation the recycle permutation the next step must use */
  public FixedStepRandomness(int[] permutation) {
    this.permutation = permutation.clone();
    boolean[] seen = new boolean[permutation.length];
    for (int v : permutation) {
      if (v < 0 || v >= permutation.length || seen[v]) {
        throw new IllegalArgumentException(
            "not a permutation of 0.." + (permutation.length - 1) + ": " + Arrays.toString(permutation));
      }
      seen[v] = true;
    }
  }

  @Override
  public int[] chooseRanks(int candidates, int count) {
    if (count < 0 || count > candidates) {
      throw new IllegalArgumentException("cannot choose " + count + " of " + candidates + " ranks");
    }
    int[] ranks = new int[count];
    for (int i = 0; i < count; i++) {
      ranks[i] = i;
    }
    return ranks;
  }

  @Override
  public int[] permutation(int length) {
    if (length != permutation.length) {
      throw new IllegalStateException(
          "fixed permutation has " + permutation.length + " entries but " + length + " were asked for");
    }
    return permutation.clone();
  }
}
