package org.mhim.viewer.mil;

import ai.djl.ndarray.NDArray;

/**
 * Per-instance evidence of one bag, in input order.
 *
 * @param classProbabilities {@code [N, C]}: the class-aware instance probability before the max
 *     (for DSMIL the softmax of the instance-classifier logits)
 * @param scores {@code [N]}: the teacher score the reference masks by ({@code attn2score}: the max
 *     class probability; for DSMIL the max instance-classifier logit)
 * @param attention {@code [N]}: the aggregator's attention (AB-MIL α; TransMIL first-layer class
 *     token attention averaged over heads; DSMIL max over classes of the bag-stream attention)
 */
public record InstanceEvidence(NDArray classProbabilities, NDArray scores, NDArray attention) {}
