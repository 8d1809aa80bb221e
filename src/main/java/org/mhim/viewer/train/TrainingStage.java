package org.mhim.viewer.train;

/** The two stages of the recipe. */
public enum TrainingStage {
  /** The aggregator alone, no masking or recycling; its best weights initialise the teacher. */
  BASELINE,
  /** Student with teacher masking, recycling, consistency loss and an EMA teacher. */
  MHIM;

  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static TrainingStage parse(String id) {
    return valueOf(id.toUpperCase(java.util.Locale.ROOT));
  }
}
