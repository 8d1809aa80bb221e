package org.mhim.viewer.mil;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.List;

/**
 * AB-MIL inference block by block (through OpenBLAS the attention's first layer and the
 * classifier's products of each row come with the block, made in the projection's pass). Per block
 * it keeps the attention logits a_b, the classifier's view of each instance h_i·W_cᵀ
 * ({@code [rows, C]}) and the block's share of the pooled embedding
 * with its own softmax shift, u_b = Σ_i exp(a_i − m_b) h_i and s_b = Σ_i exp(a_i − m_b) with
 * m_b = max a_b; the blocks then combine exactly as one softmax over the bag:
 * Σ_i α_i h_i = Σ_b e^{m_b − M} u_b / Σ_b e^{m_b − M} s_b (M the largest m_b). The projected
 * instances are used while in cache and never kept.
 */
final class AbmilStream implements InstanceStream {

  private final AbmilAggregator aggregator;
  private final ParameterStore ps;
  private final NDManager manager;
  private final Linear classifier;
  private final boolean training;
  private final NDArray classifierWeightT; // [D, C]
  private final List<NDArray> rowWeights; // W₁ [128, D], W_c [C, D]
  private final NDList attentionLogits = new NDList(); // per block [rows]
  private final NDList classLogits = new NDList(); // per block [rows, C], without bias
  private final NDList shifts = new NDList(); // per block []
  private final NDList pooled = new NDList(); // per block [D]
  private final NDList normalisers = new NDList(); // per block []

  AbmilStream(
      AbmilAggregator aggregator, ParameterStore ps, NDManager manager, Linear classifier, boolean training) {
    this.aggregator = aggregator;
    this.ps = ps;
    this.manager = manager;
    this.classifier = classifier;
    this.training = training;
    NDArray weight = ps.getValue(classifier.getParameters().get("weight"), manager.getDevice(), training);
    classifierWeightT = weight.transpose();
    classifierWeightT.attach(manager);
    rowWeights = List.of(aggregator.hiddenWeight(ps, manager.getDevice(), training), weight);
  }

  /** W₁ and the classifier's weight: the products of each row the OpenBLAS projection can make while the row is in cache. */
  @Override
  public List<NDArray> rowWeights() {
    return rowWeights;
  }

  @Override
  public void accept(NDArray h) {
    keepBlock(h, aggregator.attentionLogits(ps, h, training), h.matMul(classifierWeightT));
  }

  /** Takes the block with its products W₁h_i ({@code [rows, 128]}) and h_i·W_cᵀ ({@code [rows, C]}). */
  @Override
  public void accept(NDArray h, List<NDArray> products) {
    keepBlock(h, aggregator.attentionLogitsOfHidden(ps, products.get(0), training), products.get(1));
  }

  /**
   * @param logits {@code [rows, 1]} attention logits
   * @param cam {@code [rows, C]} h_i·W_cᵀ
   */
  private void keepBlock(NDArray h, NDArray logits, NDArray cam) {
    NDArray a = logits.squeeze(1); // [rows]
    NDArray shift = a.max(); // []
    NDArray e = a.sub(shift).exp(); // [rows]
    NDArray u = e.expandDims(0).matMul(h).squeeze(0); // [D]
    NDArray s = e.sum(); // []
    InstanceStream.keep(attentionLogits, a, manager);
    InstanceStream.keep(shifts, shift, manager);
    InstanceStream.keep(pooled, u, manager);
    InstanceStream.keep(normalisers, s, manager);
    InstanceStream.keep(classLogits, cam, manager);
  }

  @Override
  public Explanation finish() {
    NDArray alpha = InstanceStream.concatRows(attentionLogits).softmax(0); // [N]
    NDArray m = NDArrays.stack(shifts); // [B]
    NDArray w = m.sub(m.max()).exp(); // [B]
    NDArray bag =
        w.expandDims(0).matMul(NDArrays.stack(pooled)).squeeze(0)
            .div(w.mul(NDArrays.stack(normalisers)).sum()); // [D]
    NDArray logits = aggregator.logits(ps, new AbmilAggregator.Result(bag, alpha, null), classifier, training);
    // As MilAggregator.classAwareProbabilities: α_i (h_i·W_cᵀ) + b_0, softmax over classes.
    NDArray bias = ps.getValue(classifier.getParameters().get("bias"), manager.getDevice(), training);
    NDArray firstBias = bias.get(0);
    firstBias.attach(manager);
    NDArray probs = InstanceStream.concatRows(classLogits).mul(alpha.expandDims(1)).add(firstBias).softmax(1); // [N, C]
    return new Explanation(logits, bag, new InstanceEvidence(probs, probs.max(new int[] {1}), alpha));
  }
}
