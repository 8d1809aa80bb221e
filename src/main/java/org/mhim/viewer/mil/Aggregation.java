package org.mhim.viewer.mil;

import ai.djl.ndarray.NDArray;

/**
 * What an aggregator made of one bag: the bag embedding the classifier and the consistency loss
 * use, plus whatever its class-aware instance scores need (kept only when asked to explain).
 */
public sealed interface Aggregation
    permits AbmilAggregator.Result, TransmilAggregator.Result, DsmilAggregator.Result {

  /** The bag embedding ({@code cls_feat}): {@code [D]}, or {@code [C, D]} for DSMIL. */
  NDArray embedding();

  /** The number of instances aggregated. */
  long instances();
}
