package org.mhim.viewer.ui;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.mhim.viewer.slide.TileKey;

/**
 * Loads tiles on a small fixed pool, most wanted first. Each {@link #request} replaces the whole
 * wish list: tiles no longer wanted (the user panned away) are dropped before they are read, and
 * the rest run in the new order (nearest the view centre first). A tile already being read is not
 * started again; the tile cache behind {@code load} makes concurrent reads of one tile single-flight
 * anyway.
 *
 * <p>{@code request} never blocks on I/O, so the JavaFX thread may call it on every view change.
 */
final class TileScheduler implements AutoCloseable {

  /** The loaders' nice value (0 normal, 19 lowest). */
  static final int LOADER_NICE = Integer.getInteger("mhim.viewer.loaderNice", 10);

  private final Consumer<TileKey> load;
  private final BiConsumer<TileKey, RuntimeException> onFailure;
  private final ExecutorService pool;
  private final Object lock = new Object();
  /** Wanted tiles, in the order they should run. Guarded by {@link #lock}. */
  private LinkedHashMap<TileKey, Boolean> pending = new LinkedHashMap<>();
  /** Tiles being read now. Guarded by {@link #lock}. */
  private final Set<TileKey> running = new HashSet<>();
  private boolean closed;
  /** Set once the workers should yield the CPU to the interactive threads (see {@link #yieldToInteractive}). */
  private volatile boolean yielding;

  /**
   * @param threads worker count (reads are I/O and decode bound; 2–4 is plenty)
   * @param load reads a tile and stores it where the painter finds it; runs on a worker
   * @param onFailure told, on a worker, when {@code load} throws
   */
  TileScheduler(int threads, Consumer<TileKey> load, BiConsumer<TileKey, RuntimeException> onFailure) {
    this.load = load;
    this.onFailure = onFailure;
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory =
        r -> {
          Thread t = new Thread(r, "tile-loader-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    this.pool = Executors.newFixedThreadPool(threads, factory);
    for (int i = 0; i < threads; i++) {
      pool.execute(this::work);
    }
  }

  /**
   * Replaces what is wanted with {@code tiles}, in priority order (first = most wanted). Tiles
   * already being read are not queued again.
   */
  void request(List<TileKey> tiles) {
    synchronized (lock) {
      LinkedHashMap<TileKey, Boolean> next = new LinkedHashMap<>();
      for (TileKey key : tiles) {
        if (!running.contains(key)) {
          next.put(key, Boolean.TRUE);
        }
      }
      pending = next;
      lock.notifyAll();
    }
  }

  /**
   * From now on the workers read at a lower CPU priority ({@link #LOADER_NICE}), each from its next
   * tile: decoding then uses the CPU the JavaFX, render and composer threads leave between pulses
   * instead of taking a core from them mid-frame (Java thread priorities do nothing on Linux). For
   * navigation; the first view of a slide is read at full priority, as nothing else needs the CPU
   * more then (and on a busy machine other processes would take it). One way: an unprivileged
   * thread cannot raise its priority again.
   */
  void yieldToInteractive() {
    yielding = true;
  }

  /** Tiles waiting to be read. */
  int pendingCount() {
    synchronized (lock) {
      return pending.size();
    }
  }

  /** Tiles waiting or being read; zero when the scheduler is idle. */
  int outstanding() {
    synchronized (lock) {
      return pending.size() + running.size();
    }
  }

  /** The wanted tiles not yet started, in the order they will run (for tests and the status bar). */
  List<TileKey> pendingInOrder() {
    synchronized (lock) {
      return new ArrayList<>(pending.keySet());
    }
  }

  private void work() {
    boolean lowered = false;
    while (true) {
      TileKey key;
      synchronized (lock) {
        while (!closed && pending.isEmpty()) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) {
          return;
        }
        Map.Entry<TileKey, Boolean> first = pending.pollFirstEntry();
        key = first.getKey();
        running.add(key);
      }
      if (yielding && !lowered) {
        CpuPriority.lowerCurrentThread(LOADER_NICE);
        lowered = true; // tried: a refusal stays a refusal
      }
      try {
        load.accept(key);
      } catch (RuntimeException e) {
        onFailure.accept(key, e);
      } finally {
        synchronized (lock) {
          running.remove(key);
        }
      }
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      pending.clear();
      lock.notifyAll();
    }
    pool.shutdownNow();
    try {
      pool.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
