package org.mhim.viewer.mil;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * A network's inference over a bag fed block by block: the projected instances arrive in bag
 * order, a block of rows at a time ({@link BlockSink}), and {@link #finish} gives the bag logits and the instance
 * evidence. AB-MIL and DSMIL do their per-instance work on each block while it is in cache and keep
 * only small per-instance results; the whole projected bag ({@code N × mlp_dim}) is then never
 * concatenated (TransMIL, which needs every token at once, collects and concatenates).
 */
interface InstanceStream extends BlockSink {

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
