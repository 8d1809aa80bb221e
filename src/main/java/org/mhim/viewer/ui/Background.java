package org.mhim.viewer.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.concurrent.Task;

/**
 * Runs work off the JavaFX thread and hands the result or the error back on it, typed. One per
 * window; closing it abandons what is still running.
 */
final class Background implements AutoCloseable {

  private final ExecutorService executor;

  Background(String name) {
    AtomicInteger count = new AtomicInteger();
    executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, name + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Runs {@code work} in the background; exactly one of the callbacks then runs on the FX thread.
   * Once closed, work handed in is dropped, unrun, with neither callback (its window is gone).
   */
  <T> Task<T> run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
    Task<T> task = new Task<>() {
      @Override
      protected T call() throws Exception {
        return work.call();
      }
    };
    task.setOnSucceeded(e -> onSuccess.accept(task.getValue()));
    task.setOnFailed(e -> onFailure.accept(task.getException()));
    try {
      executor.execute(task);
    } catch (RejectedExecutionException closed) {
      task.setOnSucceeded(null);
      task.setOnFailed(null);
    }
    return task;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
