package org.mhim.viewer.features;

/**
 * Hears how an extraction goes. Called from the extractor's own threads, so a UI must hand the
 * values over to its thread; must return quickly.
 */
@FunctionalInterface
public interface ExtractionListener {

  /** After the tissue grid is known and after every encoded batch. */
  void onProgress(ExtractionProgress progress);

  /** A listener that ignores everything. */
  static ExtractionListener none() {
    return progress -> {};
  }
}
