package org.mhim.viewer.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mhim.viewer.features.FeatureBag;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.Map;
import org.mhim.viewer.mil.MhimModel;
import org.mhim.viewer.mil.MhimNetwork;
import org.mhim.viewer.mil.StateDicts;
import org.mhim.viewer.mil.TrainingNetworks;
import org.mhim.viewer.mil.WeightTensor;

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
        problems.add("no features for slide " + slide.slideId() + " (looked for h5_files/"
            + slide.slideId() + ".h5 and pt_files/" + slide.slideId() + ".pt)");
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
        problems.add(file.get() + ": unreadable (" + e.getMessage() + ")");
      }
    }
    if (!problems.isEmpty()) {
      throw new DatasetException(featuresDir.toString(), problems);
    }
    Map<String, FeatureBag> byId = new HashMap<>();
    bags.forEach(b -> byId.put(b.slideId(), b));
    // Scored as the trainer validates: a model trained with recycling sees its recycled tokens.
    Map<String, WeightTensor> weights = model.studentWeights();
    boolean recycling =
        model.config().mergeEnable() && weights.keySet().stream().anyMatch(k -> k.startsWith(StateDicts.RECYCLE_PREFIX));
    try (NDManager manager = NDManager.newBaseManager(model.device())) {
      MhimNetwork network = recycling ? TrainingNetworks.create(model.config()) : MhimNetwork.of(model.config());
      network.initialize(manager, DataType.FLOAT32, new Shape(1, dim));
      StateDicts.load(network, weights, "the model's student");
      return SlideScorer.score(network, recycling, manager, byId::get, labels, model.config().classNames());
    }
  }
}
