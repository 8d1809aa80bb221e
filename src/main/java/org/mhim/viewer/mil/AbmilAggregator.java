package org.mhim.viewer.mil;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;

/**
 * AB-MIL (reference {@code attn} / {@code DAttention}): a_i = w₂ᵀ act(W₁ h_i) with bias-free
 * Linear(D → 128) and Linear(128 → 1); α = softmax over instances; bag = Σ α_i h_i.
 *
 * <p>Reference names: {@code attention.attention.0.weight}, {@code attention.attention.2.weight}.
 */
public final class AbmilAggregator extends MilAggregator {

  private static final byte VERSION = 1;
  /** The reference fixes the attention net's hidden size. */
  public static final int ATTENTION_HIDDEN = 128;

  private final int dim;
  private final ActivationKind activation;
  private final Linear hidden;
  private final Linear score;

  /** The aggregation of one bag: embedding {@code [D]}, attention α {@code [N]}, instances {@code [N, D]}. */
  public record Result(NDArray embedding, NDArray attention, NDArray instancesIn)
      implements Aggregation {
    @Override
    public long instances() {
      return attention.size(0);
    }
  }

  private AbmilAggregator(Builder builder) {
    super(VERSION);
    dim = builder.dim;
    activation = builder.activation;
    hidden =
        addChildBlock(
            "attention.attention.0",
            Linear.builder().setUnits(ATTENTION_HIDDEN).optBias(false).build());
    score = addChildBlock("attention.attention.2", Linear.builder().setUnits(1).optBias(false).build());
    ReferenceInit.linear(hidden);
    ReferenceInit.linear(score);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public AggregatorKind kind() {
    return AggregatorKind.ABMIL;
  }

  @Override
  public Result aggregate(ParameterStore ps, NDArray instances, boolean training, boolean explain) {
    NDArray a = attentionLogits(ps, instances, training); // [N, 1]
    NDArray alpha = a.transpose().softmax(1); // [1, N]
    NDArray bag = alpha.matMul(instances).squeeze(0); // [D]
    return new Result(bag, alpha.squeeze(0), instances);
  }

  /** The attention logits a_i = w₂ᵀ act(W₁ h_i) before the softmax: {@code [N, 1]}. */
  NDArray attentionLogits(ParameterStore ps, NDArray instances, boolean training) {
    return attentionLogitsOfHidden(ps, Blocks.apply(hidden, ps, instances, training), training); // [N, 1]
  }

  /** {@link #attentionLogits} given the first layer's products W₁ h_i ({@code [N, 128]}). */
  NDArray attentionLogitsOfHidden(ParameterStore ps, NDArray hiddenProducts, boolean training) {
    NDArray a = activation.apply(hiddenProducts); // [N, 128]
    return Blocks.apply(score, ps, a, training); // [N, 1]
  }

  /** W₁, the attention net's first (bias-free) layer: {@code [128, D]}. */
  NDArray hiddenWeight(ParameterStore ps, Device device, boolean training) {
    return ps.getValue(hidden.getParameters().get("weight"), device, training);
  }

  /** w₂, the attention net's second (bias-free) layer: {@code [1, 128]}. */
  NDArray scoreWeight(ParameterStore ps, Device device) {
    return ps.getValue(score.getParameters().get("weight"), device, false);
  }

  /** The attention net's activation (reference {@code da_act}). */
  ActivationKind activation() {
    return activation;
  }

  @Override
  HostPass hostPass(ParameterStore ps, InstanceProjection projection, Linear classifier) {
    return new AbmilHostPass(this, projection, classifier, ps, dim);
  }

  @Override
  InstanceStream explainer(ParameterStore ps, NDManager manager, Linear classifier, boolean training) {
    return new AbmilStream(this, ps, manager, classifier, training);
  }

  @Override
  public NDArray logits(ParameterStore ps, Aggregation aggregation, Linear classifier, boolean training) {
    return Blocks.apply(classifier, ps, aggregation.embedding().expandDims(0), training).squeeze(0); // [C]
  }

  @Override
  public InstanceEvidence evidence(
      ParameterStore ps, Aggregation aggregation, Linear classifier, boolean training) {
    Result r = (Result) aggregation;
    // (α_i h_i)·W_cᵀ computed as α_i (h_i·W_cᵀ): the same numbers up to rounding, without an
    // [N, D] weighted copy of the instances.
    NDArray probs = classAwareProbabilities(ps, r.instancesIn(), r.attention(), classifier, training); // [N, C]
    return new InstanceEvidence(probs, probs.max(new int[] {1}), r.attention()); // [N, C], [N], [N]
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(dim)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    hidden.initialize(manager, dataType, new Shape(1, dim));
    score.initialize(manager, dataType, new Shape(1, ATTENTION_HIDDEN));
  }

  /** Builder: {@code setDim} required; attention activation GELU by default (reference {@code da_act}). */
  public static final class Builder {
    private int dim;
    private ActivationKind activation = ActivationKind.GELU;

    private Builder() {}

    public Builder setDim(int dim) {
      this.dim = dim;
      return this;
    }

    public Builder optActivation(ActivationKind activation) {
      this.activation = activation;
      return this;
    }

    public AbmilAggregator build() {
      Blocks.checkPositive("dimension", dim);
      return new AbmilAggregator(this);
    }
  }
}
