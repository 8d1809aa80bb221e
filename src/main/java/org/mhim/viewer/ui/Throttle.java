package org.mhim.viewer.ui;

import javafx.animation.PauseTransition;
import javafx.util.Duration;

/**
 * Runs a readout's updates at most once per interval, always ending with the latest one. A change
 * after a quiet interval shows at once; changes that follow it closely (every frame of a zoom)
 * wait for the interval's end, where only the newest runs.
 *
 * <p>Why: in the software pipeline, a frame that also repaints a changed line of text in the toolbar
 * and the status bar costs the render thread 4–5 ms more for each; at every frame of a zoom the
 * magnification readouts alone made frames miss their pulse. FX thread only.
 */
final class Throttle {

  /**
   * How often a readout follows a running zoom: twice a second. At ten times a second the readouts
   * still cost the zoom-in frames of bench/viewer.sh as much as at every frame (docs/benchmarks.md).
   */
  static final Duration READOUT = Duration.millis(500);

  private final long intervalNanos;
  private final PauseTransition wait;
  private long lastRun = Long.MIN_VALUE;
  private Runnable pending;

  Throttle(Duration interval) {
    this.intervalNanos = (long) (interval.toMillis() * 1e6);
    this.wait = new PauseTransition(interval);
    wait.setOnFinished(e -> runPending());
  }

  /** Runs {@code update} now, or at the end of the current interval in place of earlier ones. */
  void submit(Runnable update) {
    pending = update;
    if (wait.getStatus() == javafx.animation.Animation.Status.RUNNING) {
      return; // the interval's end runs the newest
    }
    long sinceLast = System.nanoTime() - lastRun;
    if (lastRun == Long.MIN_VALUE || sinceLast >= intervalNanos) {
      runPending();
    } else {
      wait.setDuration(Duration.millis((intervalNanos - sinceLast) / 1e6));
      wait.playFromStart();
    }
  }

  /** Drops an update still waiting (its readout is about to show something else). */
  void cancel() {
    wait.stop();
    pending = null;
  }

  private void runPending() {
    Runnable update = pending;
    pending = null;
    if (update != null) {
      lastRun = System.nanoTime();
      update.run();
    }
  }
}
