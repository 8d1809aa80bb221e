package org.mhim.viewer.mil;

import ai.djl.training.ParameterStore;
import java.lang.foreign.MemorySegment;

/**
 * A network's inference on the CPU without libtorch calls: the projection and the products through
 * OpenBLAS ({@link BlasProjection#projectUnits}), the rest in plain Java (AB-MIL:
 * {@link AbmilHostPass}). Made per prediction from the network's current weights.
 */
interface HostPass {

  /** The network's inference over {@code rows} rows of {@code x} ({@code inputDim} floats a row). */
  HostExplanation explain(BlasProjection blas, InstanceProjection projection, ParameterStore ps, MemorySegment x, int rows);
}
