package org.mhim.viewer.analysis;

import java.util.List;

/**
 * Which per-instance value an overlay shows: the probability of one class, the attention, or the
 * teacher's score.
 *
 * @param kind what is measured
 * @param classIndex the class for {@link Kind#CLASS_PROBABILITY}; -1 otherwise
 */
public record InstanceMeasure(Kind kind, int classIndex) {

  /** The three kinds of per-instance evidence a result carries. */
  public enum Kind {
    CLASS_PROBABILITY,
    ATTENTION,
    SCORE
  }

  public InstanceMeasure {
    if (kind == null) {
      throw new IllegalArgumentException("a measure needs a kind");
    }
    if (kind == Kind.CLASS_PROBABILITY ? classIndex < 0 : classIndex != -1) {
      throw new IllegalArgumentException(kind + " with class index " + classIndex);
    }
  }

  public static InstanceMeasure probability(int classIndex) {
    return new InstanceMeasure(Kind.CLASS_PROBABILITY, classIndex);
  }

  public static InstanceMeasure attention() {
    return new InstanceMeasure(Kind.ATTENTION, -1);
  }

  public static InstanceMeasure score() {
    return new InstanceMeasure(Kind.SCORE, -1);
  }

  /** The value of every instance (a fresh array). */
  public float[] values(Instances instances) {
    return switch (kind) {
      case CLASS_PROBABILITY -> instances.probabilities(classIndex);
      case ATTENTION -> instances.attentions();
      case SCORE -> instances.scores();
    };
  }

  /** A short label: "P(tumor)", "Attention", "Score". */
  public String label(List<String> classNames) {
    return switch (kind) {
      case CLASS_PROBABILITY -> "P(" + classNames.get(classIndex) + ")";
      case ATTENTION -> "Attention";
      case SCORE -> "Score";
    };
  }
}
