package org.mhim.viewer.features;

/**
 * Hears how an extraction goes. Called from the extractor's own threads, so a UI must hand the
 * values over to its thread; must return quickly.
 */
@FunctionalInterface
public interface ExtractionListener {

  /**
   * After the tissue grid is known and after every encoder call (a batch, or a slice of one of
   * about a quarter second when encoding is slow).
   */
  void onProgress(ExtractionProgress progress);

  /** A listener that ignores everything. */
  static ExtractionListener none() {
    return progress -> {};
  }
}
