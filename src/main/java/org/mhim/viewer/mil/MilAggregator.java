package org.mhim.viewer.mil;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * An aggregator (reference {@code online_encoder}): turns {@code [N, D]} projected instances into
 * a bag embedding. As a plain {@link ai.djl.nn.Block} its forward returns the embedding alone;
 * {@link #aggregate} keeps what logits and instance scores need.
 */
public abstract class MilAggregator extends AbstractBlock {

  protected MilAggregator(byte version) {
    super(version);
  }

  public abstract AggregatorKind kind();

  /**
   * Aggregates one bag.
   *
   * @param instances {@code [N, D]} projected instances, N ≥ 1
   * @param explain keep what {@link #evidence} needs (TransMIL then also computes the class-token
   *     attention of its first layer)
   */
  public abstract Aggregation aggregate(
      ParameterStore ps, NDArray instances, boolean training, boolean explain);

  /**
   * The bag logits {@code [C]}. AB-MIL and TransMIL put the embedding through {@code classifier};
   * DSMIL ignores it and returns 0.5·bag + 0.5·max-instance logits, as the reference engine does.
   */
  public abstract NDArray logits(
      ParameterStore ps, Aggregation aggregation, Linear classifier, boolean training);

  /** The class-aware instance evidence; {@code aggregation} must come from {@code explain = true}. */
  public abstract InstanceEvidence evidence(
      ParameterStore ps, Aggregation aggregation, Linear classifier, boolean training);

  /**
   * Inference over a bag fed block by block (see {@link InstanceStream}); the result equals
   * {@link #aggregate} with {@code explain}, then {@link #logits} and {@link #evidence}, up to
   * rounding. By default the blocks are collected and the whole bag aggregated.
   *
   * @param manager where the stream keeps its arrays and its results
   * @param training training mode (dropout), as the teacher's pass of a training step runs
   */
  InstanceStream explainer(ParameterStore ps, NDManager manager, Linear classifier, boolean training) {
    return new WholeBagStream(this, ps, manager, classifier, training);
  }

  /**
   * This aggregator's inference in plain Java over rows projected by {@code projection} (ReLU)
   * through OpenBLAS (see {@link HostPass}), or null when it has none: it then runs through
   * {@link #explainer}.
   */
  HostPass hostPass(ParameterStore ps, InstanceProjection projection, Linear classifier) {
    return null;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(aggregate(ps, inputs.singletonOrThrow(), training, false).embedding());
  }

  /**
   * The class-aware instance probability of the reference ({@code get_pseudo_score}): each
   * instance's weighted embedding through the classifier, softmax over classes. The reference adds
   * the first class's bias to every class, which the softmax cancels; we add it too so the numbers
   * are computed the same way.
   *
   * @param weighted {@code [N, D]} attention-weighted instance embeddings
   * @return {@code [N, C]}
   */
  static NDArray classAwareProbabilities(
      ParameterStore ps, NDArray weighted, Linear classifier, boolean training) {
    NDArray weight = ps.getValue(classifier.getParameters().get("weight"), weighted.getDevice(), training);
    NDArray bias = ps.getValue(classifier.getParameters().get("bias"), weighted.getDevice(), training);
    NDArray cam = weighted.matMul(Blocks.local(weight.transpose(), weighted)); // [N, C]
    cam = cam.add(Blocks.local(bias.get(0), weighted)); // [N, C]
    return cam.softmax(1); // [N, C]
  }

  /**
   * {@link #classAwareProbabilities(ParameterStore, NDArray, Linear, boolean)} of
   * {@code instances} weighted row by row by {@code rowWeights} {@code [N]}, with the weight applied
   * to the classifier's [N, C] output instead of the [N, D] instances (equal up to rounding).
   */
  static NDArray classAwareProbabilities(
      ParameterStore ps, NDArray instances, NDArray rowWeights, Linear classifier, boolean training) {
    NDArray weight = ps.getValue(classifier.getParameters().get("weight"), instances.getDevice(), training);
    NDArray bias = ps.getValue(classifier.getParameters().get("bias"), instances.getDevice(), training);
    NDArray cam = instances.matMul(Blocks.local(weight.transpose(), instances)); // [N, C]
    cam = cam.mul(rowWeights.expandDims(1)); // [N, C]
    cam = cam.add(Blocks.local(bias.get(0), instances)); // [N, C]
    return cam.softmax(1); // [N, C]
  }
}
