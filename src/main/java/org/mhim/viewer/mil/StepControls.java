package org.mhim.viewer.mil;

/**
 * The values one training step takes from the loop's schedules.
 *
 * @param learningRate the Adam learning rate for this step (cosine-scheduled by the loop)
 * @param maskRatio r_h, the fraction of instances masked by teacher score (optionally
 *     cosine-decayed to 0)
 * @param teacherMomentum m of the teacher EMA (0.9997, optionally cosine-scheduled towards 1)
 */
public record StepControls(double learningRate, double maskRatio, double teacherMomentum) {

  public StepControls {
    if (!(learningRate >= 0) || !Double.isFinite(learningRate)) {
      throw new IllegalArgumentException("learning rate must be finite and non-negative, got " + learningRate);
    }
    if (!(maskRatio >= 0 && maskRatio <= 1)) {
      throw new IllegalArgumentException("mask ratio must be in [0, 1], got " + maskRatio);
    }
    if (!(teacherMomentum >= 0 && teacherMomentum <= 1)) {
      throw new IllegalArgumentException("teacher momentum must be in [0, 1], got " + teacherMomentum);
    }
  }

  /** The values of three schedules at zero-based iteration {@code step}. */
  public static StepControls at(
      long step, CosineSchedule learningRate, CosineSchedule maskRatio, CosineSchedule teacherMomentum) {
    return new StepControls(
        learningRate.valueAt(step), maskRatio.valueAt(step), teacherMomentum.valueAt(step));
  }
}
