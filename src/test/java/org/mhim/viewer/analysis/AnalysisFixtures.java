package org.mhim.viewer.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.mhim.viewer.slide.DemoSlideSpec;
import org.mhim.viewer.slide.DemoSlideWriter;
import org.mhim.viewer.slide.SlideImage;
import org.mhim.viewer.tissue.AnnotationFile;
import org.mhim.viewer.tissue.Polygon;

/**
 * Real small slides (the slide package's demo writer, read back through OpenSlide) with
 * synthetic per-instance values that follow the slide's ground truth: the tumour class is
 * probable inside the tumour polygons and improbable elsewhere.
 */
final class AnalysisFixtures {

  static final List<String> CLASSES = List.of("Normal", "Tumor");
  static final int TUMOR = 1;

  private AnalysisFixtures() {}

  /** A demo slide and its ground truth, written into {@code dir}. */
  static DemoSlideWriter.Result demoSlide(Path dir, long width, long height) throws IOException {
    Files.createDirectories(dir);
    return DemoSlideWriter.write(dir.resolve("demo.tif"), new DemoSlideSpec(width, height, 7, 0.3));
  }

  /**
   * A result over a grid of {@code patch}-pixel patches whose centres lie on tissue. P(Tumor) is
   * 0.75–0.99 inside the tumour and 0.01–0.25 outside (seeded noise); score = the larger class
   * probability; attention ∝ exp(4·P(Tumor)); hard ranks at ratio 0.1.
   */
  static SlideResult result(SlideImage slide, Path truthFile, int patch, boolean demoModel)
      throws IOException {
    AnnotationFile truth = AnnotationFile.read(truthFile);
    List<Polygon> tissue = truth.tissue();
    List<Polygon> tumor = truth.tumor();
    long width = slide.metadata().width();
    long height = slide.metadata().height();
    SplittableRandom random = new SplittableRandom(11);
    List<int[]> cells = new ArrayList<>();
    List<Float> tumorProbabilities = new ArrayList<>();
    for (int y = 0; y + patch <= height; y += patch) {
      for (int x = 0; x + patch <= width; x += patch) {
        double cx = x + patch / 2.0;
        double cy = y + patch / 2.0;
        if (tissue.stream().noneMatch(p -> p.contains(cx, cy))) {
          continue;
        }
        boolean inTumor = tumor.stream().anyMatch(p -> p.contains(cx, cy));
        double p = inTumor ? 0.75 + 0.24 * random.nextDouble() : 0.01 + 0.24 * random.nextDouble();
        cells.add(new int[] {x, y});
        tumorProbabilities.add((float) p);
      }
    }
    return build(slide.path(), cells, patch, tumorProbabilities, demoModel);
  }

  /** A result over explicit patch corners of one size, with the given P(Tumor) per patch. */
  static SlideResult build(
      Path slidePath, List<int[]> corners, int patch, List<Float> tumorProbabilities, boolean demo) {
    int n = corners.size();
    int[] x = new int[n];
    int[] y = new int[n];
    int[] w = new int[n];
    int[] h = new int[n];
    float[][] probabilities = new float[n][];
    float[] score = new float[n];
    float[] attention = new float[n];
    double sum = 0;
    double tumorMean = 0;
    for (int i = 0; i < n; i++) {
      x[i] = corners.get(i)[0];
      y[i] = corners.get(i)[1];
      w[i] = patch;
      h[i] = patch;
      float p = tumorProbabilities.get(i);
      probabilities[i] = new float[] {1 - p, p};
      score[i] = Math.max(p, 1 - p);
      attention[i] = (float) Math.exp(4 * p);
      sum += attention[i];
      tumorMean += p / n;
    }
    for (int i = 0; i < n; i++) {
      attention[i] /= (float) sum;
    }
    int[] ranks = HardInstances.ranks(score, 0.1);
    Instances instances = new Instances(2, x, y, w, h, probabilities, score, attention, ranks);
    float pTumor = (float) Math.clamp(tumorMean * 2, 0.02, 0.98);
    float[] slideProbabilities = {1 - pTumor, pTumor};
    float[] logits = {0, (float) Math.log(pTumor / (1 - pTumor))};
    return new SlideResult(
        "demo", slidePath, demo ? "mhim-demo-abmil" : "mhim-abmil-c16", "builtin-resnet18",
        demo, CLASSES, logits, slideProbabilities, pTumor >= 0.5 ? 1 : 0, instances, 0.1,
        new PhaseTimings(120, 15, 4200, 80));
  }
}
