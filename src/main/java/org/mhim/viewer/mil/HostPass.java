package org.mhim.viewer.mil;

import java.lang.foreign.MemorySegment;

/**
 * A network's inference on the CPU without libtorch calls: the projection and the products through
 * OpenBLAS ({@link BlasProjection#projectUnits}), the rest in plain Java (AB-MIL:
 * {@link AbmilHostPass}). It reads the network's parameter arrays in place: made once for a network
 * whose weights no longer change, valid while they live.
 */
interface HostPass {

  /** The network's inference over {@code rows} rows of {@code x} ({@code inputDim} floats a row). */
  HostExplanation explain(BlasProjection blas, MemorySegment x, int rows);
}
