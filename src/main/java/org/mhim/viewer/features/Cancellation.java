package org.mhim.viewer.features;

import java.util.concurrent.atomic.AtomicBoolean;

/** A flag that asks running work to stop; set once, from any thread. */
public final class Cancellation {

  private final AtomicBoolean cancelled = new AtomicBoolean();

  public void cancel() {
    cancelled.set(true);
  }

  public boolean isCancelled() {
    return cancelled.get();
  }
}
