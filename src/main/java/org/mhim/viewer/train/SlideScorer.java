package org.mhim.viewer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.function.Function;
import org.mhim.viewer.features.FeatureBag;
import org.mhim.viewer.features.NoGradient;
import org.mhim.viewer.mil.Aggregation;
import org.mhim.viewer.mil.MhimNetwork;

/**
 * Slide-level metrics of a network on labelled slides, scored exactly as {@code MhimModel.predict}
 * scores a bag: the student in inference mode on the whole bag, with no masking and no recycled
 * tokens. The reference validates and tests the same way (its {@code forward_test} adds recycled
 * tokens only with {@code merge_test}, off by default), so the epoch kept as best is the one that
 * predicts best as the product will run it.
 */
final class SlideScorer {

  private SlideScorer() {}

  static ClassificationMetrics score(
      MhimNetwork network,
      NDManager manager,
      Function<String, FeatureBag> bags,
      List<LabeledSlide> slides,
      List<String> classNames) {
    int[] labels = new int[slides.size()];
    double[][] probabilities = new double[slides.size()][];
    for (int i = 0; i < slides.size(); i++) {
      LabeledSlide slide = slides.get(i);
      labels[i] = slide.label();
      probabilities[i] = probabilities(network, manager, bags.apply(slide.slideId()));
    }
    return ClassificationMetrics.of(labels, probabilities, classNames);
  }

  /** The class probabilities of one bag: projection, aggregation and classifier, nothing else. */
  static double[] probabilities(MhimNetwork network, NDManager manager, FeatureBag bag) {
    try (NoGradient _ = NoGradient.enter();
        NDManager scope = manager.newSubManager()) {
      ParameterStore ps = new ParameterStore(scope, false);
      NDArray x = scope.create(bag.features(), new Shape(bag.count(), bag.dim())); // [N, input_dim]
      Aggregation a = network.aggregate(ps, network.project(ps, x, false), false, false);
      return ClassificationMetrics.widened(network.logits(ps, a, false).softmax(0).toFloatArray()); // [C]
    }
  }
}
