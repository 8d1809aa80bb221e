package org.mhim.viewer.ui;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.mhim.viewer.features.FeatureCache;
import org.mhim.viewer.slide.DemoSlides;

/**
 * Where the viewer's analyses keep their files: the four result files per slide (per model), the
 * feature cache that makes a second analysis of a slide quick, and imported models.
 */
record AnalysisFolders(Path results, Path featureCache, Path models) {

  /**
   * Where one slide's results by one model go: {@code results/<model>/<folder>-<hash>/}, named after
   * the slide's folder and a hash of its full path, so slides of the same file name from different
   * folders never overwrite each other's files, and the same slide always finds its own.
   */
  Path resultsFor(String modelId, Path slide) {
    Path folder = slide.toAbsolutePath().normalize().getParent();
    String name = folder == null || folder.getFileName() == null ? "root" : folder.getFileName().toString();
    String hash = String.format(Locale.ROOT, "%08x", folder == null ? 0 : folder.toString().hashCode());
    return results.resolve(modelId).resolve(name + "-" + hash);
  }

  /**
   * Where an evaluation's slides are kept as soon as it ends, so that closing its window loses
   * nothing: {@code results/evaluations/<model>-<yyyyMMdd-HHmmss>.csv}.
   */
  Path evaluationFor(String modelName, LocalDateTime when) {
    String stamp = when.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
    return results.resolve("evaluations").resolve(modelName.replaceAll("[^A-Za-z0-9._-]+", "-") + "-" + stamp + ".csv");
  }

  /** All three under one folder (tests use a temporary one). */
  static AnalysisFolders under(Path root) {
    return new AnalysisFolders(root.resolve("results"), root.resolve("features"), root.resolve("models"));
  }

  /**
   * Results and imported models under the user's data folder, beside the demo slide ({@code
   * ~/.local/share/mhimview}); features in the feature cache the command line uses too ({@code
   * ~/.cache/mhimview/features}), so a slide analysed there is quick here.
   */
  static AnalysisFolders defaults() {
    Path data = DemoSlides.defaultPath().getParent().getParent();
    return new AnalysisFolders(data.resolve("results"), FeatureCache.defaultRoot(), data.resolve("models"));
  }
}
