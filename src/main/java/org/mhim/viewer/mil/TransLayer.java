package org.mhim.viewer.mil;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One TransMIL layer: x + NyströmAttention(LayerNorm(x)). Reference names {@code norm.*},
 * {@code attn.*}.
 */
public final class TransLayer extends AbstractBlock {

  private static final byte VERSION = 1;

  private final int dim;
  private final LayerNorm norm;
  private final NystromAttention attn;

  private TransLayer(Builder builder) {
    super(VERSION);
    dim = builder.dim;
    norm = addChildBlock("norm", layerNorm());
    attn =
        addChildBlock(
            "attn",
            NystromAttention.builder()
                .setDim(dim)
                .optHeads(builder.heads)
                .optDropout(builder.dropout)
                .build());
  }

  /** PyTorch's LayerNorm over the last axis of {@code [n, dim]}, eps 1e-5. */
  static LayerNorm layerNorm() {
    return LayerNorm.builder().axis(1).optEpsilon(1e-5f).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  NystromAttention attention() {
    return attn;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(ps, inputs.singletonOrThrow(), training, false).output());
  }

  /** The layer on {@code x} {@code [n, dim]}; the output field holds the residual sum. */
  public NystromAttention.Output apply(ParameterStore ps, NDArray x, boolean training, boolean explain) {
    NDArray normed = Blocks.apply(norm, ps, x, training); // [n, dim]
    NystromAttention.Output a = attn.attend(ps, normed, training, explain);
    return new NystromAttention.Output(x.add(a.output()), a.classAttention(), a.values()); // [n, dim]
  }

  /**
   * The first row (the class token's) of {@link #apply}'s output alone, {@code [1, dim]}: what a
   * last layer whose other rows nobody reads needs.
   */
  public NDArray applyFirst(ParameterStore ps, NDArray x, boolean training) {
    NDArray normed = Blocks.apply(norm, ps, x, training); // [n, dim]
    NDArray a = attn.attendFirst(ps, normed, training); // [1, dim]
    return x.get(new NDIndex().addSliceDim(0, 1)).add(a); // [1, dim]
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    norm.initialize(manager, dataType, new Shape(1, dim));
    attn.initialize(manager, dataType, new Shape(1, dim));
  }

  /** Builder: {@code setDim} required; 8 heads and attention dropout 0.1 by default. */
  public static final class Builder {
    private int dim;
    private int heads = 8;
    private float dropout = 0.1f;

    private Builder() {}

    public Builder setDim(int dim) {
      this.dim = dim;
      return this;
    }

    public Builder optHeads(int heads) {
      this.heads = heads;
      return this;
    }

    public Builder optDropout(float dropout) {
      this.dropout = dropout;
      return this;
    }

    public TransLayer build() {
      Blocks.checkPositive("dimension", dim);
      return new TransLayer(this);
    }
  }
}
