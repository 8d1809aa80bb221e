package org.mhim.viewer.analysis;

import java.util.List;

/**
 * The student's slide prediction on the bag without its hard instances: what the model still sees
 * once the instances the teacher masks at {@code ratio} are taken out.
 *
 * @param ratio the hard-instance ratio, in [0, 1]
 * @param removed how many instances were taken out (⌈N·ratio⌉)
 * @param remaining how many stayed in the bag
 * @param classNames class names in the model's output order
 * @param probabilities the student's class probabilities on the remaining bag; all NaN when
 *     nothing remains
 */
public record RemainingPrediction(
    double ratio, int removed, int remaining, List<String> classNames, float[] probabilities) {

  public RemainingPrediction {
    HardInstances.checkRatio(ratio);
    classNames = List.copyOf(classNames);
    if (removed < 0 || remaining < 0) {
      throw new IllegalArgumentException("instance counts must not be negative: " + removed + ", " + remaining);
    }
    if (probabilities.length != classNames.size()) {
      throw new IllegalArgumentException(
          probabilities.length + " probabilities for " + classNames.size() + " classes");
    }
    probabilities = probabilities.clone();
  }

  @Override
  public float[] probabilities() {
    return probabilities.clone();
  }

  public float probability(int classIndex) {
    return probabilities[classIndex];
  }

  /** Whether the hard instances were the whole bag, so the model had nothing left to look at. */
  public boolean isEmpty() {
    return remaining == 0;
  }

  /** The most probable class on the remaining bag (the first on ties), or -1 when it is empty. */
  public int predictedClass() {
    if (isEmpty()) {
      return -1;
    }
    int best = 0;
    for (int c = 1; c < probabilities.length; c++) {
      if (probabilities[c] > probabilities[best]) {
        best = c;
      }
    }
    return best;
  }
}
