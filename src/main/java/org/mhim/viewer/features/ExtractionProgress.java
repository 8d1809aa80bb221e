package org.mhim.viewer.features;

import java.time.Duration;

/**
 * Where an extraction stands.
 *
 * @param slideId the slide being encoded
 * @param done patches encoded so far
 * @param total patches on the slide's grid
 * @param patchesPerSecond encoding rate since the start
 * @param remaining estimated time left (zero when done, unknown as {@link Duration#ZERO} at start)
 */
public record ExtractionProgress(
    String slideId, long done, long total, double patchesPerSecond, Duration remaining) {

  /** Share done, 0..1 (1 for an empty grid). */
  public double fraction() {
    return total == 0 ? 1 : (double) done / total;
  }
}
