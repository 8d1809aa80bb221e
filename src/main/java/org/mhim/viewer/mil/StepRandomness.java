package org.mhim.viewer.mil;

/**
 * The random choices of one training step, separated out so that a test (or a replay) can fix
 * them: which of the top-scoring instances are masked when only a fraction of them is, and the
 * permutation that decides which remaining instances stay as tokens and which are recycled.
 * Dropout draws its randomness from the engine and is not covered here.
 */
public interface StepRandomness {

  /**
   * Chooses {@code count} distinct ranks out of {@code 0..candidates-1} (rank 0 is the highest
   * score): the top-scoring instances that will be masked.
   */
  int[] chooseRanks(int candidates, int count);

  /** A permutation of {@code 0..length-1}; the recycle network keeps the first entries as tokens. */
  int[] permutation(int length);
}
