package org.mhim.viewer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.function.Function;
import org.mhim.viewer.features.FeatureBag;
import org.mhim.viewer.mil.Aggregation;
import org.mhim.viewer.mil.GlobalRecycleNetwork;
import org.mhim.viewer.mil.MhimNetwork;
import org.mhim.viewer.features.NoGradient;
import org.mhim.viewer.mil.StateDicts;

/**
 * Slide-level metrics of a network on labelled slides, in inference mode on whole bags. A network
 * trained with recycling sees, as the reference's test forward does, the whole bag followed by the k
 * tokens its recycle network makes from the whole bag; a baseline sees the bag alone.
 */
final class SlideScorer {

  private SlideScorer() {}

  static ClassificationMetrics score(
      MhimNetwork network,
      boolean withRecycling,
      NDManager manager,
      Function<String, FeatureBag> bags,
      List<LabeledSlide> slides,
      List<String> classNames) {
    GlobalRecycleNetwork recycle =
        withRecycling ? (GlobalRecycleNetwork) network.extra(StateDicts.RECYCLE_PREFIX.replace(".", "")) : null;
    if (withRecycling && recycle == null) {
      throw new IllegalArgumentException("the network has no recycle block to score with");
    }
    int[] labels = new int[slides.size()];
    double[][] probabilities = new double[slides.size()][];
    for (int i = 0; i < slides.size(); i++) {
      LabeledSlide slide = slides.get(i);
      labels[i] = slide.label();
      try (NoGradient noGradient = NoGradient.enter();
          NDManager scope = manager.newSubManager()) {
        ParameterStore ps = new ParameterStore(scope, false);
        FeatureBag bag = bags.apply(slide.slideId());
        NDArray x = scope.create(bag.features(), new Shape(bag.count(), bag.dim())); // [N, input_dim]
        NDArray h = network.project(ps, x, false); // [N, D]
        if (recycle != null) {
          h = recycle.forward(ps, new NDList(h), false).get(0); // [N + k, D]
        }
        Aggregation a = network.aggregate(ps, h, false, false);
        float[] p = network.logits(ps, a, false).softmax(0).toFloatArray(); // [C]
        probabilities[i] = new double[p.length];
        for (int c = 0; c < p.length; c++) {
          probabilities[i][c] = p[c];
        }
      }
    }
    return ClassificationMetrics.of(labels, probabilities, classNames);
  }
}
