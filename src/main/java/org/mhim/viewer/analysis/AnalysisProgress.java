package org.mhim.viewer.analysis;

/**
 * Where one slide's analysis stands.
 *
 * @param slideId the slide being analysed
 * @param phase the phase under way
 * @param done units of the phase done (patches for {@link AnalysisPhase#FEATURES}; 0 or 1 else)
 * @param total units of the phase in all
 * @param patchesPerSecond encoding rate during {@link AnalysisPhase#FEATURES}, else 0
 */
public record AnalysisProgress(
    String slideId, AnalysisPhase phase, long done, long total, double patchesPerSecond) {

  /** Share of the phase done, 0..1 (1 for an empty phase). */
  public double fraction() {
    return total == 0 ? 1 : (double) done / total;
  }

  /** Share of the whole slide's analysis done, 0..1: the features take most of it, the model the end. */
  public double overall() {
    return switch (phase) {
      case TISSUE, GRID -> 0.05;
      case FEATURES -> 0.05 + 0.9 * fraction();
      case MODEL, WRITING -> 0.95 + 0.05 * fraction();
    };
  }
}
