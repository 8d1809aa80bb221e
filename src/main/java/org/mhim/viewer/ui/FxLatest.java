package org.mhim.viewer.ui;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * Hands values from working threads to the FX thread, the latest only: at most one hand-over is
 * queued at a time, however fast the values come (progress of patches, steps, slides).
 *
 * @param <T> the values
 */
final class FxLatest<T> {

  private final Consumer<T> show;
  private final AtomicReference<T> latest = new AtomicReference<>();
  private final AtomicBoolean queued = new AtomicBoolean();

  /** @param show takes a value on the FX thread */
  FxLatest(Consumer<T> show) {
    this.show = show;
  }

  /** From any thread. */
  void offer(T value) {
    latest.set(value);
    if (queued.compareAndSet(false, true)) {
      Platform.runLater(() -> {
        queued.set(false);
        show.accept(latest.get());
      });
    }
  }

  /** The latest value offered, or null before the first (any thread). */
  T latest() {
    return latest.get();
  }
}
