package org.mhim.viewer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.mhim.viewer.features.FeatureBag;
import org.mhim.viewer.mil.Aggregation;
import org.mhim.viewer.mil.MhimNetwork;

/** Slide-level metrics of a network (inference mode, whole bags) on labelled slides. */
final class SlideScorer {

  private SlideScorer() {}

  static ClassificationMetrics score(
      MhimNetwork network, NDManager manager, TrainingData data, List<LabeledSlide> slides) {
    int[] labels = new int[slides.size()];
    double[][] probabilities = new double[slides.size()][];
    for (int i = 0; i < slides.size(); i++) {
      LabeledSlide slide = slides.get(i);
      labels[i] = slide.label();
      try (NDManager scope = manager.newSubManager()) {
        ParameterStore ps = new ParameterStore(scope, false);
        FeatureBag bag = data.bag(slide.slideId());
        NDArray x = scope.create(bag.features(), new Shape(bag.count(), bag.dim())); // [N, input_dim]
        Aggregation a = network.aggregate(ps, network.project(ps, x, false), false, false);
        float[] p = network.logits(ps, a, false).softmax(0).toFloatArray(); // [C]
        probabilities[i] = new double[p.length];
        for (int c = 0; c < p.length; c++) {
          probabilities[i][c] = p[c];
        }
      }
    }
    return ClassificationMetrics.of(labels, probabilities, data.classNames());
  }
}
