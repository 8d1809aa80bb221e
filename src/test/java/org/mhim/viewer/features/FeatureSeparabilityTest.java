package org.mhim.viewer.features;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mhim.viewer.slide.DemoSlideWriter;
import org.mhim.viewer.slide.SlideImage;
import org.mhim.viewer.tissue.AnnotationFile;
import org.mhim.viewer.tissue.Polygon;

/**
 * stain-texture-v1 must tell tumour from normal tissue on a demo slide well enough for a MIL model
 * to localise tumour: a logistic regression fitted on half of the patches ranks the other half
 * with AUC ≥ 0.9, labels from the slide's ground-truth Tumor polygons.
 */
class FeatureSeparabilityTest {

  @Test
  void tumourPatchesAreLinearlySeparableFromNormalTissue() throws IOException {
    Path slidePath = TestSlides.medium();
    List<Polygon> tumour = AnnotationFile.read(DemoSlideWriter.annotationsPath(slidePath)).tumor();
    FeatureBag bag;
    try (FeatureExtractor extractor =
            FeatureExtractor.builder().setEncoder(new StainTextureEncoder(Device.cpu())).build();
        SlideImage slide = SlideImage.open(slidePath)) {
      bag = extractor.extract(slide, "medium", ExtractionListener.none(), new Cancellation());
    }
    int size = (int) bag.attributes().patchSizeLevel0();
    List<float[]> rows = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int i = 0; i < bag.count(); i++) {
      double covered = tumourCoverage(tumour, bag.x(i), bag.y(i), size);
      if (covered >= 0.5 || covered == 0) { // patches on the tumour border are neither
        rows.add(bag.row(i));
        labels.add(covered >= 0.5 ? 1 : 0);
      }
    }
    long positives = labels.stream().filter(l -> l == 1).count();
    assertTrue(positives >= 8 && labels.size() - positives >= 8,
        "need both kinds of patch: " + positives + " tumour of " + labels.size());
    List<float[]> trainX = new ArrayList<>();
    List<Integer> trainY = new ArrayList<>();
    List<float[]> testX = new ArrayList<>();
    List<Integer> testY = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      (i % 2 == 0 ? trainX : testX).add(rows.get(i));
      (i % 2 == 0 ? trainY : testY).add(labels.get(i));
    }
    LogisticRegression model = LogisticRegression.fit(trainX, trainY);
    double auc = auc(testX.stream().map(model::score).toList(), testY);
    assertTrue(auc >= 0.9, "held-out AUC " + auc + " on " + testX.size() + " patches");
  }

  private static double tumourCoverage(List<Polygon> tumour, long x, long y, int size) {
    int inside = 0;
    int samples = 8;
    for (int j = 0; j < samples; j++) {
      for (int i = 0; i < samples; i++) {
        double px = x + (i + 0.5) * size / samples;
        double py = y + (j + 0.5) * size / samples;
        if (tumour.stream().anyMatch(p -> p.contains(px, py))) {
          inside++;
        }
      }
    }
    return inside / (double) (samples * samples);
  }

  /** Probability that a random positive outranks a random negative (ties count half). */
  static double auc(List<Double> scores, List<Integer> labels) {
    double wins = 0;
    long pairs = 0;
    for (int i = 0; i < scores.size(); i++) {
      for (int j = 0; j < scores.size(); j++) {
        if (labels.get(i) == 1 && labels.get(j) == 0) {
          double a = scores.get(i);
          double b = scores.get(j);
          wins += a > b ? 1 : a == b ? 0.5 : 0;
          pairs++;
        }
      }
    }
    return wins / pairs;
  }

  /** Standardised, L2-regularised logistic regression by gradient descent: small and deterministic. */
  record LogisticRegression(double[] mean, double[] std, double[] weights, double bias) {

    static LogisticRegression fit(List<float[]> x, List<Integer> y) {
      int d = x.getFirst().length;
      double[] mean = new double[d];
      double[] std = new double[d];
      for (float[] row : x) {
        for (int k = 0; k < d; k++) {
          mean[k] += row[k] / x.size();
        }
      }
      for (float[] row : x) {
        for (int k = 0; k < d; k++) {
          std[k] += (row[k] - mean[k]) * (row[k] - mean[k]) / x.size();
        }
      }
      for (int k = 0; k < d; k++) {
        std[k] = Math.sqrt(std[k]) + 1e-6;
      }
      double[] w = new double[d];
      double b = 0;
      for (int step = 0; step < 500; step++) {
        double[] gw = new double[d];
        double gb = 0;
        for (int i = 0; i < x.size(); i++) {
          double z = b;
          for (int k = 0; k < d; k++) {
            z += w[k] * (x.get(i)[k] - mean[k]) / std[k];
          }
          double err = 1 / (1 + Math.exp(-z)) - y.get(i);
          for (int k = 0; k < d; k++) {
            gw[k] += err * (x.get(i)[k] - mean[k]) / std[k] / x.size();
          }
          gb += err / x.size();
        }
        for (int k = 0; k < d; k++) {
          w[k] -= 0.5 * (gw[k] + 0.01 * w[k]);
        }
        b -= 0.5 * gb;
      }
      return new LogisticRegression(mean, std, w, b);
    }

    double score(float[] row) {
      double z = bias;
      for (int k = 0; k < row.length; k++) {
        z += weights[k] * (row[k] - mean[k]) / std[k];
      }
      return z;
    }
  }
}
