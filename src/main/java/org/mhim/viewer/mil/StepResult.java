package org.mhim.viewer.mil;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one training step did.
 *
 * @param logits the student's logits on the masked, recycled bag ({@code [C]})
 * @param ceLoss cross-entropy of the logits with the label
 * @param auxLoss the consistency loss against the teacher's bag embedding
 * @param totalLoss ceLoss + aux_alpha · auxLoss, the loss that was back-propagated
 * @param mask the instances masked by teacher score and those kept (ascending)
 * @param recyclePermutation the permutation applied to the kept instances; the first
 *     {@code keptTokens} stayed as tokens, the rest were recycled
 * @param keptTokens how many instances stayed as tokens
 * @param tokensIntoEncoder tokens the aggregator saw: kept ones plus the recycled summary tokens
 * @param gradientNorms L2 norm of each trainable parameter's gradient by reference name, before the
 *     optimizer step (empty unless the step was built to record them)
 */
public record StepResult(
    float[] logits,
    double ceLoss,
    double auxLoss,
    double totalLoss,
    HighScoreMask mask,
    int[] recyclePermutation,
    int keptTokens,
    long tokensIntoEncoder,
    Map<String, Double> gradientNorms) {

  public StepResult {
    logits = logits.clone();
    recyclePermutation = recyclePermutation.clone();
    gradientNorms = Collections.unmodifiableMap(new LinkedHashMap<>(gradientNorms)); // keeps block order
  }

  @Override
  public float[] logits() {
    return logits.clone();
  }

  @Override
  public int[] recyclePermutation() {
    return recyclePermutation.clone();
  }
}
