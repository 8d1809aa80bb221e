package org.mhim.viewer.analysis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.mhim.viewer.slide.RegionSource;

/**
 * The four files an analysis writes per slide into an output folder, and how to write or reload
 * them together: {@code <slide>.json}, {@code <slide>.instances.csv}, {@code <slide>.geojson},
 * {@code <slide>.heatmap.png}. Each file is written atomically, so an interrupted run leaves each
 * one either complete or absent.
 */
public record ResultFiles(Path directory, String slideId) {

  public ResultFiles {
    if (directory == null || slideId == null || slideId.isBlank()) {
      throw new IllegalArgumentException("an output folder and a slide id are required");
    }
  }

  public static ResultFiles of(Path directory, SlideResult result) {
    return new ResultFiles(directory, result.slideId());
  }

  public Path summaryJson() {
    return directory.resolve(slideId + ".json");
  }

  public Path instancesCsv() {
    return directory.resolve(slideId + ".instances.csv");
  }

  public Path geoJson() {
    return directory.resolve(slideId + ".geojson");
  }

  public Path heatmapPng() {
    return directory.resolve(slideId + ".heatmap.png");
  }

  /** Where the viewer's "export contours" of a class at a threshold goes by default. */
  public Path contoursGeoJson(String className, double threshold) {
    String safe = className.replaceAll("[^A-Za-z0-9._-]", "_");
    return directory.resolve(
        slideId + ".contours." + safe + "." + Math.round(threshold * 100) + ".geojson");
  }

  /**
   * Writes all four files: CSV, GeoJSON and JSON first (they need no slide), then the heatmap
   * from {@code slide}'s overview.
   */
  public void writeAll(SlideResult result, RegionSource slide) throws IOException {
    if (!result.slideId().equals(slideId)) {
      throw new IllegalArgumentException(
          "result is for slide " + result.slideId() + ", these files for " + slideId);
    }
    InstanceCsv.write(result, instancesCsv());
    GeoJsonExporter.writeResult(result, geoJson());
    HeatmapPng.write(result, slide, heatmapPng());
    // The summary last: its presence says the set is complete.
    ResultJson.writeWithAnnotations(result, summaryJson());
  }

  /**
   * Reloads a result from its JSON summary and instances CSV.
   *
   * @throws IOException naming the file when one is missing, malformed or they disagree
   */
  public SlideResult read() throws IOException {
    ResultJson.Summary summary = ResultJson.read(summaryJson());
    InstanceCsv.Table table = InstanceCsv.read(instancesCsv());
    if (!table.classNames().equals(summary.classNames())) {
      throw new IOException(
          instancesCsv() + ": classes " + table.classNames() + " differ from " + summaryJson()
              + "'s " + summary.classNames());
    }
    if (table.instances().size() != summary.instanceCount()) {
      throw new IOException(
          instancesCsv() + ": " + table.instances().size() + " instances, " + summaryJson()
              + " says " + summary.instanceCount());
    }
    try {
      return new SlideResult(
          summary.slideId(), summary.slidePath(), summary.modelId(), summary.encoderId(),
          summary.notForDiagnosis(), summary.classNames(), summary.slideLogits(),
          summary.slideProbabilities(), summary.predictedClass(), table.instances(),
          summary.hardRatio(), summary.timings());
    } catch (IllegalArgumentException e) {
      throw new IOException(summaryJson() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "ResultFiles" + Arrays.asList(summaryJson(), instancesCsv(), geoJson(), heatmapPng());
  }
}
