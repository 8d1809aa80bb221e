package org.mhim.viewer.mil;

/**
 * One network's inference over a bag made in plain Java arrays (see {@link HostPass}): what
 * {@link InstanceStream.Explanation} gives, per instance in bag order.
 *
 * @param logits {@code C} bag logits
 * @param instanceProbabilities {@code N × C} class-aware instance probabilities, row by row
 * @param scores {@code N} instance scores (the max of each row above)
 * @param attention {@code N} attention weights
 * @param embedding the bag embedding (AB-MIL {@code D}; DSMIL {@code C × D}, row by row); may be
 *     null when not asked for
 */
record HostExplanation(float[] logits, float[] instanceProbabilities, float[] scores, float[] attention, float[] embedding) {

  HostExplanation {
    int n = scores.length;
    if (attention.length != n || instanceProbabilities.length != (long) n * logits.length) {
      throw new IllegalArgumentException("per-instance arrays differ in length");
    }
  }
}
