package org.mhim.viewer.analysis;

/**
 * Hears how an analysis goes. Called from the analyzer's and the extractor's threads, so a UI must
 * hand the values over to its own thread; must return quickly.
 */
@FunctionalInterface
public interface AnalysisListener {

  /** At the start of each phase and, during feature extraction, after every encoded batch. */
  void onProgress(AnalysisProgress progress);

  /** A listener that ignores everything. */
  static AnalysisListener none() {
    return progress -> {};
  }
}
