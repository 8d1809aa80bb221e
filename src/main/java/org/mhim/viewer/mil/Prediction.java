package org.mhim.viewer.mil;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The model's answer for one bag. Arrays are per class ({@code C}) or per instance ({@code N}, in
 * bag order); treat them as read-only.
 *
 * @param classNames the C class names
 * @param logits C bag logits (DSMIL: 0.5·bag + 0.5·max-instance)
 * @param probabilities C softmax probabilities
 * @param instanceProbabilities N × C class-aware instance probabilities
 * @param scores N student scores (the max of each row above; DSMIL: max instance logit)
 * @param attention N attention weights of the aggregator
 * @param teacherScores N teacher scores, which decide the hard instances
 */
public record Prediction(
    List<String> classNames,
    float[] logits,
    float[] probabilities,
    float[][] instanceProbabilities,
    float[] scores,
    float[] attention,
    float[] teacherScores) {

  public Prediction {
    classNames = List.copyOf(classNames);
    int c = classNames.size();
    int n = scores.length;
    if (logits.length != c || probabilities.length != c) {
      throw new IllegalArgumentException("logits/probabilities do not have " + c + " classes");
    }
    if (instanceProbabilities.length != n || attention.length != n || teacherScores.length != n) {
      throw new IllegalArgumentException("per-instance arrays differ in length");
    }
  }

  public int instances() {
    return scores.length;
  }

  /** The index of the most probable class (the first on ties). */
  public int predictedClass() {
    int best = 0;
    for (int i = 1; i < probabilities.length; i++) {
      if (probabilities[i] > probabilities[best]) {
        best = i;
      }
    }
    return best;
  }

  /** The number of instances the teacher masks at {@code ratio}: ⌈N·ratio⌉, as the reference. */
  public int hardCount(double ratio) {
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new IllegalArgumentException("hard-instance ratio must be in [0, 1], got " + ratio);
    }
    return (int) Math.min(instances(), Math.ceil(instances() * ratio));
  }

  /**
   * The instances the teacher would mask at {@code ratio}: the ⌈N·ratio⌉ highest teacher scores,
   * highest first (ties by lower index), ranked from 1.
   */
  public List<HardInstance> hardInstances(double ratio) {
    int k = hardCount(ratio);
    Integer[] order = IntStream.range(0, instances()).boxed().toArray(Integer[]::new);
    Arrays.sort(
        order,
        Comparator.<Integer>comparingDouble(i -> -teacherScores[i]).thenComparingInt(i -> i));
    List<HardInstance> out = new ArrayList<>(k);
    for (int r = 0; r < k; r++) {
      out.add(new HardInstance(order[r], r + 1, teacherScores[order[r]]));
    }
    return List.copyOf(out);
  }
}
