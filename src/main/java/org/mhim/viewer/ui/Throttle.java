package org.mhim.viewer.ui;

import java.util.Objects;
import java.util.function.Consumer;
import javafx.animation.Animation;
import javafx.animation.PauseTransition;
import javafx.util.Duration;

/**
 * Shows a readout's values at most once per interval, always ending with the latest one. A change
 * after a quiet interval shows at once; changes that follow it closely (every frame of a zoom)
 * wait for the interval's end, where only the newest shows. A value equal to what the readout will
 * show anyway (a pan leaves the magnification as it is) is no change.
 *
 * <p>Why: in the software pipeline, a frame that also repaints a changed line of text in the toolbar
 * and the status bar costs the render thread 4–5 ms more for each; at every frame of a zoom the
 * magnification readouts alone made frames miss their pulse. FX thread only.
 *
 * @param <T> the readout's values (compared with {@code equals})
 */
final class Throttle<T> {

  /**
   * How often a readout follows a running zoom: twice a second. At ten times a second the readouts
   * still cost the zoom-in frames of bench/viewer.sh as much as at every frame (docs/benchmarks.md).
   */
  static final Duration READOUT = Duration.millis(500);

  private final long intervalNanos;
  private final PauseTransition wait;
  private final Consumer<T> show;
  private long lastShown = Long.MIN_VALUE;
  private T shown;
  private T waiting;
  private boolean isWaiting;

  /** @param show sets the readout to a value */
  Throttle(Duration interval, Consumer<T> show) {
    this.intervalNanos = (long) (interval.toMillis() * 1e6);
    this.show = show;
    this.wait = new PauseTransition(interval);
    wait.setOnFinished(e -> showWaiting());
  }

  /** Shows {@code value} now, or at the end of the current interval in place of earlier ones. */
  void submit(T value) {
    if (Objects.equals(value, isWaiting ? waiting : shown)) {
      return;
    }
    waiting = value;
    isWaiting = true;
    if (wait.getStatus() == Animation.Status.RUNNING) {
      return; // the interval's end shows the newest
    }
    long sinceLast = System.nanoTime() - lastShown;
    if (lastShown == Long.MIN_VALUE || sinceLast >= intervalNanos) {
      showWaiting();
    } else {
      wait.setDuration(Duration.millis((intervalNanos - sinceLast) / 1e6));
      wait.playFromStart();
    }
  }

  /** The readout was set to {@code value} directly: a value still waiting is dropped. */
  void shownDirectly(T value) {
    cancel();
    shown = value;
  }

  /** Drops a value still waiting (the readout keeps what it shows). */
  void cancel() {
    wait.stop();
    isWaiting = false;
    waiting = null;
  }

  private void showWaiting() {
    if (isWaiting) {
      T value = waiting;
      cancel();
      shown = value;
      lastShown = System.nanoTime();
      show.accept(value);
    }
  }
}
