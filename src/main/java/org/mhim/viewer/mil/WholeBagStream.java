package org.mhim.viewer.mil;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;

/**
 * The {@link InstanceStream} of an aggregator that needs every instance at once (TransMIL):
 * collects the blocks, concatenates them and runs the aggregator's explained inference.
 */
final class WholeBagStream implements InstanceStream {

  private final MilAggregator aggregator;
  private final ParameterStore ps;
  private final NDManager manager;
  private final Linear classifier;
  private final boolean training;
  private final NDList blocks = new NDList();

  WholeBagStream(
      MilAggregator aggregator, ParameterStore ps, NDManager manager, Linear classifier, boolean training) {
    this.aggregator = aggregator;
    this.ps = ps;
    this.manager = manager;
    this.classifier = classifier;
    this.training = training;
  }

  @Override
  public void accept(NDArray block) {
    InstanceStream.keep(blocks, block, manager);
  }

  @Override
  public Explanation finish() {
    NDArray instances = InstanceStream.concatRows(blocks); // [N, D]
    Aggregation a = aggregator.aggregate(ps, instances, training, true);
    return new Explanation(
        aggregator.logits(ps, a, classifier, training),
        a.embedding(),
        aggregator.evidence(ps, a, classifier, training));
  }
}
