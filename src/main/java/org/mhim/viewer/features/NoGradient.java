package org.mhim.viewer.features;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Turns libtorch's autograd recording off for the current thread until closed, then restores it.
 * libtorch keeps the grad mode per thread and DJL turns it off only on the thread that starts the
 * engine, so inference on any other thread (a UI task, a pool) would otherwise build a backward
 * graph it never uses, costing time and memory.
 */
public final class NoGradient implements AutoCloseable {

  private final boolean previous;

  private NoGradient() {
    previous = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
  }

  /** Enters a no-gradient region on this thread; use in try-with-resources. */
  public static NoGradient enter() {
    return new NoGradient();
  }

  @Override
  public void close() {
    JniUtils.setGradMode(previous);
  }
}
