package org.mhim.viewer.mil;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * DSMIL inference block by block. Per block it keeps the instance logits ({@code [rows, C]}), the
 * queries ({@code [rows, 128]}) and the values ({@code [rows, D]}); the projected instances are used
 * while in cache and never kept or concatenated. The critical instances are known only once every
 * block is in, so the attention and the bag matrix B = Σ_b A_bᵀ V_b follow at the end. The critical
 * queries are taken from the queries already computed (the query net works row by row, so they are
 * the reference's q(h_crit)).
 */
final class DsmilStream implements InstanceStream {

  private final DsmilAggregator aggregator;
  private final ParameterStore ps;
  private final NDManager manager;
  private final boolean training;
  private final DsmilAggregator.StackedLayer stacked; // the input layers, stacked and padded: [S, D], [S]
  private final NDList instanceLogits = new NDList(); // per block [rows, C]
  private final NDList queries = new NDList(); // per block [rows, 128]
  private final NDList values = new NDList(); // per block [rows, D]
  private final List<Long> starts = new ArrayList<>();
  private long rows;

  DsmilStream(DsmilAggregator aggregator, ParameterStore ps, NDManager manager, boolean training) {
    this.aggregator = aggregator;
    this.ps = ps;
    this.manager = manager;
    this.training = training;
    stacked = aggregator.stackedInputWeights(ps, manager, training);
  }

  /** The three input layers' stacked weights: the OpenBLAS projection makes their product while the rows are in cache. */
  @Override
  public List<NDArray> rowWeights() {
    return List.of(stacked.weight());
  }

  @Override
  public void accept(NDArray h) {
    keepBlock(h, aggregator.inputLayers(stacked, h));
  }

  /** Takes the block with the product of its rows and the stacked weights, without bias ({@code [rows, S]}). */
  @Override
  public void accept(NDArray h, List<NDArray> products) {
    keepBlock(h, aggregator.inputLayersOfProducts(products.get(0).addi(stacked.bias())));
  }

  private void keepBlock(NDArray h, DsmilAggregator.InputLayers in) {
    starts.add(rows);
    rows += h.getShape().get(0);
    // A copy, not a view: a view of the logits would keep the whole block's product alive.
    InstanceStream.keep(instanceLogits, in.instanceLogits().duplicate(), manager);
    InstanceStream.keep(queries, aggregator.queryOfHidden(ps, in.queryHidden(), training), manager);
    InstanceStream.keep(values, Activation.relu(in.valuesBeforeRelu()), manager);
  }

  @Override
  public Explanation finish() {
    NDArray logits = InstanceStream.concatRows(instanceLogits); // [N, C]
    long[] critical = logits.argMax(0).toLongArray(); // [C] row of each class's critical instance
    NDList criticalQueries = new NDList();
    for (long row : critical) {
      int block = block(row);
      criticalQueries.add(queries.get(block).get(new NDIndex("{}:{}", row - starts.get(block), row - starts.get(block) + 1)));
    }
    NDArray qCritical = NDArrays.concat(criticalQueries, 0); // [C, 128]
    NDList blockLogits = new NDList();
    for (NDArray q : queries) {
      blockLogits.add(DsmilAggregator.attentionLogits(q, qCritical)); // [rows, C]
    }
    NDArray a = InstanceStream.concatRows(blockLogits).softmax(0); // [N, C]
    NDArray bag = null; // [C, D] = Σ_b A_bᵀ V_b
    for (int b = 0; b < values.size(); b++) {
      long start = starts.get(b);
      long end = start + values.get(b).getShape().get(0);
      NDArray part = a.get(new NDIndex("{}:{}", start, end)).transpose().matMul(values.get(b));
      bag = bag == null ? part : bag.addi(part);
    }
    NDArray bagLogits = aggregator.bagLogits(ps, bag, training);
    DsmilAggregator.Result result = new DsmilAggregator.Result(bag, bagLogits, logits, a);
    return new Explanation(
        aggregator.logits(ps, result, null, training), bag, aggregator.evidence(ps, result, null, training));
  }

  /** The block holding bag row {@code row}. */
  private int block(long row) {
    int b = starts.size() - 1;
    while (starts.get(b) > row) {
      b--;
    }
    return b;
  }
}
