package org.mhim.viewer.mil;

/**
 * An instance the teacher would mask.
 *
 * @param index the instance's position in the bag
 * @param rank 1 for the highest teacher score, 2 for the next, …
 * @param score its teacher score
 */
public record HardInstance(int index, int rank, float score) {}
