package org.mhim.viewer.mil;

/**
 * A value that moves from {@code start} to {@code end} along half a cosine over {@code totalSteps}
 * steps: v(i) = end + (start − end)·(1 + cos(π·i/totalSteps))/2 for 0 ≤ i < totalSteps, and
 * {@code end} from then on. This is the per-iteration schedule the reference uses for the
 * high-score mask ratio (towards 0), the teacher momentum (towards 1) and the learning rate.
 *
 * @param start the value at step 0
 * @param end the value approached at the last step and held afterwards
 * @param totalSteps the number of steps the decay spans (epochs × iterations per epoch)
 */
public record CosineSchedule(double start, double end, int totalSteps) {

  public CosineSchedule {
    if (totalSteps < 1) {
      throw new IllegalArgumentException("a cosine schedule needs at least one step, got " + totalSteps);
    }
    if (!Double.isFinite(start) || !Double.isFinite(end)) {
      throw new IllegalArgumentException("schedule end points must be finite: " + start + ", " + end);
    }
  }

  /** A schedule that stays at {@code value} (what "no schedule" means in the reference). */
  public static CosineSchedule constant(double value) {
    return new CosineSchedule(value, value, 1);
  }

  /** The value at zero-based {@code step}; negative steps count as step 0. */
  public double valueAt(long step) {
    if (step >= totalSteps) {
      return end;
    }
    long i = Math.max(0, step);
    return end + 0.5 * (start - end) * (1 + Math.cos(Math.PI * i / totalSteps));
  }
}
