package org.mhim.viewer.analysis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mhim.viewer.io.AtomicFiles;
import org.mhim.viewer.tissue.Polygon;
import org.mhim.viewer.tissue.Ring;

/**
 * Writes results as QuPath GeoJSON (see {@link QuPathFeatureWriter} for the convention), so that
 * File › Import objects in QuPath shows them over the slide as they are.
 */
public final class GeoJsonExporter {

  /** Classification of the merged hard-instance regions. */
  public static final String HARD_INSTANCES = "Hard instances";

  private GeoJsonExporter() {}

  /**
   * {@code <slide>.geojson}: every patch as a {@code detection} rectangle classified by its most
   * probable class, with measurements {@code prob_<class>}, {@code score}, {@code attention} and
   * {@code hard_rank} (hard instances only); then the hard instances merged into {@code
   * annotation} polygons classified {@value #HARD_INSTANCES}, with {@code n_instances} and {@code
   * mean_score}.
   */
  public static void writeResult(SlideResult result, Path target) throws IOException {
    List<String> classes = result.classNames();
    Instances instances = result.instances();
    List<PatchRegions.Region> hard = ThresholdContours.hardRegions(result);
    AtomicFiles.writeStream(
        target,
        out -> {
          try (QuPathFeatureWriter features = new QuPathFeatureWriter(out)) {
            writeDetections(features, classes, instances);
            writeHardRegions(features, hard, instances.scores(), result.hardRatio());
          }
        });
  }

  private static void writeDetections(
      QuPathFeatureWriter features, List<String> classes, Instances instances) throws IOException {
    int[] colors = ClassColors.rgb(classes);
    for (int i = 0; i < instances.size(); i++) {
      Map<String, Number> m = new LinkedHashMap<>();
      for (int c = 0; c < classes.size(); c++) {
        m.put(InstanceCsv.probabilityColumn(classes.get(c)), instances.probability(i, c));
      }
      m.put("score", instances.score(i));
      m.put("attention", instances.attention(i));
      if (instances.isHard(i)) {
        m.put("hard_rank", instances.hardRank(i));
      }
      int best = instances.mostProbableClass(i);
      features.feature(
          patch(instances, i), QuPathFeatureWriter.DETECTION, null, classes.get(best), colors[best], m);
    }
  }

  private static void writeHardRegions(
      QuPathFeatureWriter features, List<PatchRegions.Region> hard, float[] scores, double ratio)
      throws IOException {
    String name = String.format(Locale.ROOT, "Hard instances at %.3g%%", 100 * ratio);
    for (PatchRegions.Region region : hard) {
      features.feature(
          region.polygon(), QuPathFeatureWriter.ANNOTATION, name, HARD_INSTANCES,
          ClassColors.HARD_INSTANCES, regionMeasurements(region, scores, "mean_score"));
    }
  }

  /**
   * The contours of one class at a probability threshold as {@code annotation}s classified by the
   * class, named "P(class) ≥ t", with {@code n_instances} and {@code mean_prob_<class>}: what the
   * viewer's "export contours" writes.
   */
  public static void writeContours(SlideResult result, int classIndex, double threshold, Path target)
      throws IOException {
    List<PatchRegions.Region> regions = ThresholdContours.regions(result, classIndex, threshold);
    String className = result.classNames().get(classIndex);
    int rgb = ClassColors.rgb(className, classIndex);
    float[] probabilities = result.instances().probabilities(classIndex);
    String name = String.format(Locale.ROOT, "P(%s) ≥ %s", className, threshold);
    AtomicFiles.writeStream(
        target,
        out -> {
          try (QuPathFeatureWriter features = new QuPathFeatureWriter(out)) {
            String mean = "mean_" + InstanceCsv.probabilityColumn(className);
            for (PatchRegions.Region region : regions) {
              features.feature(
                  region.polygon(), QuPathFeatureWriter.ANNOTATION, name, className, rgb,
                  regionMeasurements(region, probabilities, mean));
            }
          }
        });
  }

  private static Polygon patch(Instances instances, int i) {
    return Polygon.of(
        Ring.rectangle(instances.x(i), instances.y(i), instances.width(i), instances.height(i)));
  }

  private static Map<String, Number> regionMeasurements(
      PatchRegions.Region region, float[] values, String meanName) {
    double sum = 0;
    for (int i : region.instances()) {
      sum += values[i];
    }
    Map<String, Number> m = new LinkedHashMap<>();
    m.put("n_instances", region.size());
    m.put(meanName, region.size() == 0 ? Double.NaN : sum / region.size());
    return m;
  }
}
