package org.mhim.viewer.mil;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * TransMIL's pyramid position encoding generator: the tokens, laid row-major on the smallest square
 * grid that holds them (filled up by repeating the first tokens, then with zeros up to at least
 * 7×7), go through depth-wise 7×7, 5×5 and 3×3 convolutions added to themselves; the filler is
 * dropped again. Input and output {@code [N, D]}.
 *
 * <p>Reference names: {@code proj.*}, {@code proj1.*}, {@code proj2.*}.
 */
public final class Ppeg extends AbstractBlock {

  private static final byte VERSION = 1;
  private static final int MIN_SIDE = 7;

  private final int dim;
  private final Conv2d proj;
  private final Conv2d proj1;
  private final Conv2d proj2;

  private Ppeg(Builder builder) {
    super(VERSION);
    dim = builder.dim;
    proj = addChildBlock("proj", depthwise(7));
    proj1 = addChildBlock("proj1", depthwise(5));
    proj2 = addChildBlock("proj2", depthwise(3));
    ReferenceInit.convolution(proj, 7 * 7);
    ReferenceInit.convolution(proj1, 5 * 5);
    ReferenceInit.convolution(proj2, 3 * 3);
  }

  private Conv2d depthwise(int kernel) {
    return Conv2d.builder()
        .setKernelShape(new Shape(kernel, kernel))
        .optPadding(new Shape(kernel / 2, kernel / 2))
        .setFilters(dim)
        .optGroups(dim)
        .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The side of the square grid the reference uses for n tokens. */
  static int gridSide(long n) {
    return (int) Math.ceil(Math.sqrt((double) n));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray input = inputs.singletonOrThrow(); // [N, D]
    NDManager outer = input.getManager();
    try (NDManager scope = outer.newSubManager(input.getDevice())) {
      input.tempAttach(scope); // intermediates (grid copies, conv outputs) die with the scope
      NDArray out = encode(ps, input, training);
      out.attach(outer);
      return new NDList(out);
    }
  }

  private NDArray encode(ParameterStore ps, NDArray x, boolean training) {
    long n = x.size(0);
    int side = gridSide(n);
    long filler = (long) side * side - n;
    if (filler > 0) {
      x = NDArrays.concat(new NDList(x, x.get(new NDIndex().addSliceDim(0, filler))), 0); // [side², D]
    }
    if (side < MIN_SIDE) {
      long zeros = (long) MIN_SIDE * MIN_SIDE - (long) side * side;
      side = MIN_SIDE;
      NDArray pad = x.getManager().zeros(new Shape(zeros, dim), x.getDataType(), x.getDevice());
      x = NDArrays.concat(new NDList(x, pad), 0); // [49, D]
    }
    // The tokens' own memory, row-major [H, W, D], is the channels-last layout of [1, D, H, W]:
    // viewing it so (no copy) lets libtorch's depth-wise convolutions run channels-last, without
    // the transposed copy and the layout conversions an NCHW grid costs; the output comes back
    // channels-last too, so [H·W, D] is again a view.
    NDArray grid = x.reshape(1, side, side, dim).transpose(0, 3, 1, 2); // [1, D, H, W]
    NDArray y = Conv2d.conv2d(grid, combinedKernel(ps, grid, training), combinedBias(ps, grid, training),
            new Shape(1, 1), new Shape(3, 3), new Shape(1, 1), dim)
        .singletonOrThrow(); // [1, D, H, W]
    y = y.transpose(0, 2, 3, 1).reshape((long) side * side, dim); // [H·W, D]
    return y.get(new NDIndex().addSliceDim(0, n)); // [N, D]
  }

  /**
   * x + conv7(x) + conv5(x) + conv3(x) is one 7×7 depth-wise convolution whose kernel is the sum of
   * the three kernels, centred, plus a unit tap at the centre: one pass over the grid (and one
   * backward pass) instead of three convolutions and three additions; equal up to rounding.
   *
   * @return {@code [D, 1, 7, 7]}
   */
  private NDArray combinedKernel(ParameterStore ps, NDArray grid, boolean training) {
    NDArray k7 = parameter(ps, proj, "weight", grid, training); // [D, 1, 7, 7]
    NDArray k5 = Blocks.local(parameter(ps, proj1, "weight", grid, training).pad(new Shape(1, 1, 1, 1), 0), grid); // [D, 1, 7, 7]
    NDArray k3 = Blocks.local(parameter(ps, proj2, "weight", grid, training).pad(new Shape(2, 2, 2, 2), 0), grid); // [D, 1, 7, 7]
    NDArray identity =
        grid.getManager().ones(new Shape(dim, 1, 1, 1), grid.getDataType(), grid.getDevice()).pad(new Shape(3, 3, 3, 3), 0); // [D, 1, 7, 7]
    return identity.add(k7).add(k5).add(k3); // in the scope's manager: the first operand's
  }

  /** The three convolutions' biases summed: {@code [D]}. */
  private NDArray combinedBias(ParameterStore ps, NDArray grid, boolean training) {
    NDArray sum = Blocks.local(parameter(ps, proj, "bias", grid, training).add(parameter(ps, proj1, "bias", grid, training)), grid);
    return sum.add(parameter(ps, proj2, "bias", grid, training)); // [D]
  }

  /** A convolution's parameter as stored: never attach it elsewhere (it belongs to the model). */
  private static NDArray parameter(ParameterStore ps, Conv2d conv, String name, NDArray grid, boolean training) {
    return ps.getValue(conv.getParameters().get(name), grid.getDevice(), training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape grid = new Shape(1, dim, MIN_SIDE, MIN_SIDE);
    proj.initialize(manager, dataType, grid);
    proj1.initialize(manager, dataType, grid);
    proj2.initialize(manager, dataType, grid);
  }

  /** Builder: {@code setDim} required. */
  public static final class Builder {
    private int dim;

    private Builder() {}

    public Builder setDim(int dim) {
      this.dim = dim;
      return this;
    }

    public Ppeg build() {
      Blocks.checkPositive("dimension", dim);
      return new Ppeg(this);
    }
  }
}
