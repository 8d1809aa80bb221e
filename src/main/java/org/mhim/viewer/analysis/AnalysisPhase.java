package org.mhim.viewer.analysis;

/** The steps of one slide's analysis, in the order they run. */
public enum AnalysisPhase {
  TISSUE("tissue"),
  GRID("grid"),
  FEATURES("features"),
  MODEL("model"),
  WRITING("writing");

  private final String label;

  AnalysisPhase(String label) {
    this.label = label;
  }

  /** A short lower-case name for progress lines. */
  public String label() {
    return label;
  }
}
