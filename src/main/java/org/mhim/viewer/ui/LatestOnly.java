package org.mhim.viewer.ui;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Recomputes something slow for the latest input only: one computation runs in the background at
 * a time; inputs that arrive meanwhile replace each other, and only the last one runs next. So a
 * slider dragged across its range costs a few computations, not one per pixel, and the shown
 * result always ends at the slider's final value. FX thread (results and errors arrive on it).
 */
final class LatestOnly<I, O> {

  private final Background background;
  private final Function<I, O> work;
  private final Consumer<O> onResult;
  private final Consumer<Throwable> onError;
  private boolean running;
  private I pending;
  private boolean hasPending;
  private boolean stopped;

  LatestOnly(Background background, Function<I, O> work, Consumer<O> onResult, Consumer<Throwable> onError) {
    this.background = background;
    this.work = work;
    this.onResult = onResult;
    this.onError = onError;
  }

  /** Asks for a result for {@code input}; FX thread. */
  void submit(I input) {
    if (stopped) {
      return;
    }
    if (running) {
      pending = input;
      hasPending = true;
      return;
    }
    running = true;
    background.run(() -> work.apply(input), result -> {
      if (!stopped && !runPending()) {
        onResult.accept(result); // a stale result is dropped: a newer one is on its way
      }
    }, error -> {
      if (!stopped && !runPending()) {
        onError.accept(error);
      }
    });
  }

  /** Drops what is pending and every result still to come (its receiver is going away). */
  void stop() {
    stopped = true;
    hasPending = false;
    pending = null;
  }

  /** Whether a computation runs or waits. */
  boolean busy() {
    return running || hasPending;
  }

  /** Ends the running computation and starts the pending one, if any; true when it did. */
  private boolean runPending() {
    running = false;
    if (!hasPending) {
      return false;
    }
    I next = pending;
    hasPending = false;
    pending = null;
    submit(next);
    return true;
  }
}
