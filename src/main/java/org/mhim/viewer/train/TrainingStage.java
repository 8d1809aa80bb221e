package org.mhim.viewer.train;

import java.util.Locale;

/** The two stages of the recipe. */
public enum TrainingStage {
  /** The aggregator alone, no masking or recycling; its best weights initialise the teacher. */
  BASELINE,
  /** Student with teacher masking, recycling, consistency loss and an EMA teacher. */
  MHIM;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TrainingStage parse(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT));
  }
}
