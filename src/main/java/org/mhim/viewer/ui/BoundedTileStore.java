package org.mhim.viewer.ui;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import org.mhim.viewer.slide.TileKey;

/**
 * Tiles of any form (pixels, drawable images) kept up to a byte budget. Writers {@link #put};
 * readers {@link #get} without a lock, so a painter never waits on a loader. Eviction is
 * least-recently-used, done by the putting thread.
 *
 * @param <V> what is kept per tile
 */
final class BoundedTileStore<V> {

  private record Entry<V>(V value, long bytes, long lastUse) {}

  private final Map<TileKey, Entry<V>> entries = new ConcurrentHashMap<>();
  private final AtomicLong clock = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong version = new AtomicLong();
  private final long maxBytes;
  private final ToLongFunction<V> sizeOf;

  BoundedTileStore(long maxBytes, ToLongFunction<V> sizeOf) {
    this.maxBytes = maxBytes;
    this.sizeOf = sizeOf;
  }

  /** The tile, or null while it is not loaded. */
  V get(TileKey key) {
    Entry<V> e = entries.get(key);
    if (e == null) {
      return null;
    }
    // Record the use without a lock; a lost update only makes eviction slightly less exact.
    entries.replace(key, e, new Entry<>(e.value, e.bytes, clock.incrementAndGet()));
    return e.value;
  }

  boolean contains(TileKey key) {
    return entries.containsKey(key);
  }

  void put(TileKey key, V value) {
    long size = sizeOf.applyAsLong(value);
    Entry<V> old = entries.put(key, new Entry<>(value, size, clock.incrementAndGet()));
    version.incrementAndGet();
    bytes.addAndGet(size - (old == null ? 0 : old.bytes));
    evictOverflow();
  }

  /** Forgets every tile of one slide (closed, or changed on disk). */
  void invalidate(String sourceId) {
    entries.entrySet().removeIf(
        e -> {
          if (e.getKey().sourceId().equals(sourceId)) {
            version.incrementAndGet();
            bytes.addAndGet(-e.getValue().bytes);
            return true;
          }
          return false;
        });
  }

  /** Changes with every tile added or forgotten. */
  long version() {
    return version.get();
  }

  long bytes() {
    return bytes.get();
  }

  private void evictOverflow() {
    while (bytes.get() > maxBytes && entries.size() > 1) {
      Map.Entry<TileKey, Entry<V>> oldest = null;
      for (Map.Entry<TileKey, Entry<V>> e : entries.entrySet()) {
        if (oldest == null || e.getValue().lastUse < oldest.getValue().lastUse) {
          oldest = e;
        }
      }
      if (oldest != null && entries.remove(oldest.getKey(), oldest.getValue())) {
        bytes.addAndGet(-oldest.getValue().bytes);
      }
    }
  }
}
