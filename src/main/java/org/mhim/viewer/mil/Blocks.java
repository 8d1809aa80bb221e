package org.mhim.viewer.mil;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;

/** Small helpers shared by the blocks of this package. */
final class Blocks {

  private Blocks() {}

  /**
   * {@code rows} stacked weight rows padded with zero rows to a multiple of 8: a product whose width
   * falls outside the BLAS kernels' 8- and 16-wide tiles (DSMIL's 642 columns with C = 2) took ~1.5×
   * the time of the padded one (648) in both MKL and OpenBLAS.
   */
  static int paddedToTiles(int rows) {
    return Math.ceilDiv(rows, 8) * 8;
  }

  /** Runs a single-input, single-output child block. */
  static NDArray apply(Block block, ParameterStore ps, NDArray x, boolean training) {
    return block.forward(ps, new NDList(x), training).singletonOrThrow();
  }

  /** Dropout that is a no-op at rate 0 or outside training (as PyTorch's {@code nn.Dropout}). */
  static NDArray dropout(NDArray x, float rate, boolean training) {
    return dropout(x, rate, training, false);
  }

  /**
   * {@link #dropout(NDArray, float, boolean)} of an array nothing else uses (a layer's fresh
   * output): when autograd is off it may be overwritten with the result.
   */
  static NDArray dropoutOfFresh(NDArray x, float rate, boolean training) {
    return dropout(x, rate, training, true);
  }

  private static NDArray dropout(NDArray x, float rate, boolean training, boolean overwrite) {
    if (!training || rate <= 0f) {
      return x;
    }
    if (x.getDevice().isGpu()) {
      return Dropout.dropout(x, rate, true).singletonOrThrow();
    }
    return HostDropout.apply(x, rate, overwrite);
  }

  /**
   * Moves an array derived from a parameter (a view, a reshape) to the manager of the activations
   * it is used with: DJL attaches results to the first operand's manager, which for a parameter is
   * the model's, where per-call arrays would pile up until the model closes.
   */
  static NDArray local(NDArray derived, NDArray activations) {
    derived.attach(activations.getManager());
    return derived;
  }

  static void checkPositive(String what, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(what + " must be positive, got " + value);
    }
  }

  static void checkRate(String what, float rate) {
    if (!(rate >= 0f && rate < 1f)) {
      throw new IllegalArgumentException(what + " must be in [0, 1), got " + rate);
    }
  }
}
