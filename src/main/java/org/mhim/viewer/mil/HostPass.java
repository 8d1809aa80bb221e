package org.mhim.viewer.mil;

import java.lang.foreign.MemorySegment;

/**
 * A network's inference on the CPU without libtorch calls: the projection and the products through
 * OpenBLAS ({@link BlasProjection#projectUnits}), the rest in plain Java ({@link AbmilHostPass},
 * {@link DsmilHostPass}). It reads the projection's parameters in place and copies the aggregator's
 * when made, so it holds for the weights it was made from: {@link MhimModel} makes one per network
 * once, a training step's teacher pass one per step.
 */
interface HostPass {

  /** The network's inference over {@code rows} rows of {@code x} ({@code inputDim} floats a row). */
  default HostExplanation explain(BlasProjection blas, MemorySegment x, int rows) {
    return explain(blas, x, rows, null, false);
  }

  /**
   * {@link #explain(BlasProjection, MemorySegment, int)} with the projection's {@code dropout} when
   * not null (a training step's teacher pass), and with the bag embedding when {@code embedding}.
   */
  HostExplanation explain(BlasProjection blas, MemorySegment x, int rows, HostDropout.Mask dropout, boolean embedding);
}
