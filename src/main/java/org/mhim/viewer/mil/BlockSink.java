package org.mhim.viewer.mil;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Where {@link BlockwiseProjection} hands a bag's projected instances, a block of rows at a time in
 * bag order. A sink may ask for the products of each row with some weights, which the OpenBLAS
 * projection then makes while the rows are in cache.
 */
@FunctionalInterface
interface BlockSink {

  /**
   * Takes the next block of projected instances.
   *
   * @param block {@code [rows, D]}; it and whatever is computed from it belong to the block's
   *     manager, closed after this call: anything kept must be attached to the sink's own manager
   */
  void accept(NDArray block);

  /**
   * Weights {@code [n_j, D]} whose products with the projected rows, {@code h·P_jᵀ}, this sink
   * would rather take with each block than compute from it (see {@link #accept(NDArray, List)}):
   * the OpenBLAS projection makes them while the rows are in cache. Empty by default.
   */
  default List<NDArray> rowWeights() {
    return List.of();
  }

  /**
   * {@link #accept(NDArray)} with the products of the block's rows with {@link #rowWeights()}, in
   * that order ({@code [rows, n_j]} each, same lifetime as the block).
   */
  default void accept(NDArray block, List<NDArray> products) {
    accept(block);
  }
}
