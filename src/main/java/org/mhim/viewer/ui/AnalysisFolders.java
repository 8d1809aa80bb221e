package org.mhim.viewer.ui;

import java.nio.file.Path;
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

  /** Under the user's data folder, beside the demo slide ({@code ~/.local/share/mhimview}). */
  static AnalysisFolders defaults() {
    return under(DemoSlides.defaultPath().getParent().getParent());
  }
}
