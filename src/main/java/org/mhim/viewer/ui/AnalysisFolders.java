package org.mhim.viewer.ui;

import java.nio.file.Path;
import org.mhim.viewer.features.FeatureCache;
import org.mhim.viewer.slide.DemoSlides;

/**
 * Where the viewer's analyses keep their files: the four result files per slide (per model), the
 * feature cache that makes a second analysis of a slide quick, and imported models.
 */
record AnalysisFolders(Path results, Path featureCache, Path models) {

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
