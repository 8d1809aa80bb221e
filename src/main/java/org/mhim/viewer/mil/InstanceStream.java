package org.mhim.viewer.mil;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.function.Consumer;

/**
 * A network's inference over a bag fed block by block: the projected instances arrive in bag
 * order, a block of rows at a time, and {@link #finish} gives the bag logits and the instance
 * evidence. AB-MIL and DSMIL do their per-instance work on each block while it is in cache and keep
 * only small per-instance results; the whole projected bag ({@code N × mlp_dim}) is then never
 * concatenated (TransMIL, which needs every token at once, collects and concatenates).
 */
interface InstanceStream extends Consumer<NDArray> {

  /**
   * Takes the next block of projected instances.
   *
   * @param block {@code [rows, D]}; it and whatever is computed from it belong to the block's
   *     manager, closed after this call: anything kept must be attached to the stream's manager
   */
  @Override
  void accept(NDArray block);

  /**
   * Weights {@code [n_j, D]} whose products with the projected rows, {@code h·P_jᵀ}, this stream
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

  /** The bag logits and the evidence of every instance accepted, in bag order. */
  Explanation finish();

  /**
   * What inference gives for one bag.
   *
   * @param logits {@code [C]} bag logits (DSMIL: 0.5·bag + 0.5·max-instance)
   * @param embedding the bag embedding ({@code [D]}; DSMIL {@code [C, D]})
   * @param evidence the class-aware instance evidence
   */
  record Explanation(NDArray logits, NDArray embedding, InstanceEvidence evidence) {}

  /** Keeps {@code array}, computed from a block, past the block: attached to {@code manager}, added to {@code list}. */
  static void keep(NDList list, NDArray array, NDManager manager) {
    array.attach(manager);
    list.add(array);
  }

  /** The per-block parts in bag order, as one array (rows concatenated). */
  static NDArray concatRows(NDList parts) {
    return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
  }
}
