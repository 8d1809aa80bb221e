package org.mhim.viewer.analysis;

/** Wall time of each analysis phase, in milliseconds (0 for a phase that was skipped or cached). */
public record PhaseTimings(long tissueMs, long gridMs, long featuresMs, long modelMs) {

  public PhaseTimings {
    if (tissueMs < 0 || gridMs < 0 || featuresMs < 0 || modelMs < 0) {
      throw new IllegalArgumentException("phase timings cannot be negative: " + this);
    }
  }

  public static PhaseTimings none() {
    return new PhaseTimings(0, 0, 0, 0);
  }

  public long totalMs() {
    return tissueMs + gridMs + featuresMs + modelMs;
  }
}
