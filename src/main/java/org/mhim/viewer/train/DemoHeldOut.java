package org.mhim.viewer.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mhim.viewer.features.FeatureBag;
import org.mhim.viewer.features.FeatureDirectory;
import org.mhim.viewer.mil.Bag;
import org.mhim.viewer.mil.MhimModel;
import org.mhim.viewer.mil.Prediction;
import org.mhim.viewer.slide.DemoSlideWriter;
import org.mhim.viewer.tissue.AnnotationFile;
import org.mhim.viewer.tissue.PointInPolygon;
import org.mhim.viewer.tissue.Polygon;

/**
 * How well a model does on demo slides it never saw: the slide-level AUC of P(tumour), and the
 * instance-level AUC of each patch's tumour-class probability against the ground truth (a patch is
 * tumour when its centre lies inside a Tumor polygon of the slide's GeoJSON), pooled over every
 * patch of every slide.
 *
 * @param slides held-out slides
 * @param instances patches pooled over them
 * @param tumorInstances of which inside a Tumor polygon
 * @param slideAuc slide-level AUC
 * @param instanceAuc instance-level AUC
 * @param slideAccuracy share of slides whose most probable class is right
 */
public record DemoHeldOut(
    int slides, int instances, int tumorInstances, double slideAuc, double instanceAuc, double slideAccuracy) {

  /**
   * Scores {@code model} on the slides of {@code set} in {@code slideDir} whose features are in
   * {@code features}.
   */
  public static DemoHeldOut evaluate(MhimModel model, DemoSlideSet set, Path slideDir, FeatureDirectory features)
      throws IOException {
    int tumor = model.config().classNames().indexOf(DemoSlideSet.TUMOR);
    if (tumor < 0) {
      throw new IllegalArgumentException(
          "the model has no '" + DemoSlideSet.TUMOR + "' class (it has " + model.config().classNames() + ")");
    }
    double[] slideScores = new double[set.count()];
    boolean[] slideTruth = new boolean[set.count()];
    int correct = 0;
    List<Double> patchScores = new ArrayList<>();
    List<Boolean> patchTruth = new ArrayList<>();
    for (int i = 0; i < set.count(); i++) {
      FeatureBag bag = features.read(set.slideId(i));
      Prediction p = model.predict(new Bag(bag.features(), bag.count(), bag.dim()), false);
      slideScores[i] = p.probabilities()[tumor];
      slideTruth[i] = set.hasTumor(i);
      if ((p.predictedClass() == tumor) == slideTruth[i]) {
        correct++;
      }
      List<Polygon> tumour =
          AnnotationFile.read(DemoSlideWriter.annotationsPath(set.slideFile(slideDir, i))).tumor();
      double half = bag.attributes().patchSizeLevel0() / 2.0;
      for (int k = 0; k < bag.count(); k++) {
        patchScores.add((double) p.instanceProbabilities()[k][tumor]);
        patchTruth.add(PointInPolygon.inAny(tumour, bag.x(k) + half, bag.y(k) + half));
      }
    }
    double[] scores = patchScores.stream().mapToDouble(Double::doubleValue).toArray();
    boolean[] truth = new boolean[patchTruth.size()];
    int positives = 0;
    for (int k = 0; k < truth.length; k++) {
      truth[k] = patchTruth.get(k);
      positives += truth[k] ? 1 : 0;
    }
    return new DemoHeldOut(
        set.count(), truth.length, positives, RocAuc.of(slideScores, slideTruth), RocAuc.of(scores, truth),
        (double) correct / set.count());
  }
}
