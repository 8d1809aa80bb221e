package org.mhim.viewer.mil;

import java.util.Locale;

/** Which of a checkpoint's two networks predicts. */
public enum WeightsChoice {
  /** The student (reference key {@code model}); the teacher still picks hard instances. */
  STUDENT("model"),
  /** The teacher (reference key {@code teacher}), which then also picks hard instances. */
  TEACHER("teacher");

  private final String checkpointKey;

  WeightsChoice(String checkpointKey) {
    this.checkpointKey = checkpointKey;
  }

  /** The entry of a reference checkpoint that holds these weights. */
  public String checkpointKey() {
    return checkpointKey;
  }

  public static WeightsChoice parse(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "student", "model" -> STUDENT;
      case "teacher" -> TEACHER;
      default -> throw new IllegalArgumentException("weights must be student or teacher, got '" + name + "'");
    };
  }
}
