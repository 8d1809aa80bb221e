package org.mhim.viewer.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mhim.viewer.features.FeatureBag;
import org.mhim.viewer.mil.Bag;
import org.mhim.viewer.mil.MhimModel;

/** Slide-level metrics of a trained model on labelled slides from a features folder. */
public final class ModelEvaluation {

  private ModelEvaluation() {}

  /**
   * Predicts every slide of {@code labels} (student, whole bag) and scores the predictions. Every
   * missing, unreadable, empty or wrongly sized bag is reported at once before any prediction.
   */
  public static ClassificationMetrics evaluate(MhimModel model, Path featuresDir, List<LabeledSlide> labels)
      throws IOException, DatasetException {
    List<String> problems = new ArrayList<>();
    List<FeatureBag> bags = new ArrayList<>();
    int dim = model.config().inputDim();
    for (LabeledSlide slide : labels) {
      Optional<Path> file = FeatureFileCheck.locate(featuresDir, slide.slideId());
      if (file.isEmpty()) {
        problems.add(FeatureFileCheck.missing(slide.slideId()));
        continue;
      }
      try {
        FeatureBag bag = BagReading.read(file.get());
        if (bag.count() == 0) {
          problems.add(file.get() + ": the bag is empty (no instances)");
        } else if (bag.dim() != dim) {
          problems.add(file.get() + ": features of length " + bag.dim() + ", the model takes " + dim);
        } else {
          bags.add(bag);
        }
      } catch (IOException | RuntimeException e) {
        problems.add(FeatureFileCheck.unreadable(file.get(), e));
      }
    }
    if (!problems.isEmpty()) {
      throw new DatasetException(featuresDir.toString(), problems);
    }
    // Each slide goes through predict itself, so evaluate and predict cannot disagree; like the
    // reference's test forward, that is the student on the whole bag without recycled tokens.
    int[] truth = new int[bags.size()];
    double[][] probabilities = new double[bags.size()][];
    for (int i = 0; i < bags.size(); i++) {
      truth[i] = labels.get(i).label();
      probabilities[i] = probabilities(model, bags.get(i));
    }
    return ClassificationMetrics.of(truth, probabilities, model.config().classNames());
  }

  /** The student's class probabilities for one bag, as {@link MhimModel#predict} gives them. */
  public static double[] probabilities(MhimModel model, FeatureBag bag) {
    return ClassificationMetrics.widened(
        model.predict(new Bag(bag.features(), bag.count(), bag.dim()), false).probabilities());
  }
}
