package org.mhim.viewer.mil;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.lang.foreign.MemorySegment;

/**
 * The instance projection (reference {@code feature} + {@code dp}): Linear(input_dim → mlp_dim),
 * ReLU or GELU, dropout. Input {@code [N, input_dim]}, output {@code [N, mlp_dim]}.
 */
public final class InstanceProjection extends AbstractBlock {

  private static final byte VERSION = 1;

  private final int inputDim;
  private final int outputDim;
  private final ActivationKind activation;
  private final float dropout;
  private final Linear linear;

  private InstanceProjection(Builder builder) {
    super(VERSION);
    inputDim = builder.inputDim;
    outputDim = builder.outputDim;
    activation = builder.activation;
    dropout = builder.dropout;
    linear = addChildBlock("0", Linear.builder().setUnits(outputDim).build());
    ReferenceInit.linear(linear);
  }

  public static Builder builder() {
    return new Builder();
  }

  public int inputDim() {
    return inputDim;
  }

  public int outputDim() {
    return outputDim;
  }

  ActivationKind activation() {
    return activation;
  }

  float dropout() {
    return dropout;
  }

  /** The Linear layer (PyTorch layout: weight {@code [output_dim, input_dim]}, bias {@code [output_dim]}). */
  Linear linear() {
    return linear;
  }

  /**
   * The forward pass of {@code rows} rows of {@code x} (row-major, {@code input_dim} floats a row,
   * Java heap or native memory) through {@code blas} instead of libtorch's product, onto
   * {@code manager}: the same values as {@link #forward} up to float rounding. Autograd must be off.
   */
  NDArray forwardRows(
      BlasProjection blas, ParameterStore ps, MemorySegment x, int rows, NDManager manager,
      boolean training) {
    if (activation == ActivationKind.RELU) {
      return blas.project(this, ps, x, rows, manager, training, hostDropout(manager, training)); // [rows, mlp_dim]
    }
    NDArray h = blas.project(this, ps, x, rows, manager, training, null); // [rows, mlp_dim], activated
    return Blocks.dropoutOfFresh(h, dropout, training);
  }

  /**
   * This layer's dropout mask for one forward pass on the CPU, drawn from the engine's generator
   * as {@link Blocks#dropoutOfFresh} would draw it (the same mask), for the OpenBLAS pass to apply
   * row by row; null outside training or at rate 0.
   */
  HostDropout.Mask hostDropout(NDManager manager, boolean training) {
    return training && dropout > 0f ? HostDropout.Mask.draw(manager, dropout) : null;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow(); // [N, input_dim]
    NDArray h = Blocks.apply(linear, ps, x, training); // [N, mlp_dim]
    h = activation.apply(h); // [N, mlp_dim]
    return new NDList(Blocks.dropoutOfFresh(h, dropout, training)); // [N, mlp_dim]
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), outputDim)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    linear.initialize(manager, dataType, new Shape(1, inputDim));
  }

  /** Builder: {@code setInputDim}, {@code setOutputDim} required; activation ReLU, dropout 0.25 by default. */
  public static final class Builder {
    private int inputDim;
    private int outputDim;
    private ActivationKind activation = ActivationKind.RELU;
    private float dropout = 0.25f;

    private Builder() {}

    public Builder setInputDim(int inputDim) {
      this.inputDim = inputDim;
      return this;
    }

    public Builder setOutputDim(int outputDim) {
      this.outputDim = outputDim;
      return this;
    }

    public Builder optActivation(ActivationKind activation) {
      this.activation = activation;
      return this;
    }

    public Builder optDropout(float dropout) {
      this.dropout = dropout;
      return this;
    }

    public InstanceProjection build() {
      Blocks.checkPositive("input dimension", inputDim);
      Blocks.checkPositive("output dimension", outputDim);
      Blocks.checkRate("dropout", dropout);
      if (activation == ActivationKind.TANH) {
        throw new IllegalArgumentException("the projection takes relu or gelu, not tanh");
      }
      return new InstanceProjection(this);
    }
  }
}
