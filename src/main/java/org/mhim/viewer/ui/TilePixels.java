package org.mhim.viewer.ui;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.mhim.viewer.slide.ArgbImage;
import org.mhim.viewer.slide.TileKey;

/**
 * Decoded slide tiles the frame composer paints from, bounded in bytes. Loader threads {@link
 * #put}; the composer {@link #get}s without a lock, so composing never waits on a loader. The
 * images are the tile cache's own (shared, never modified), so keeping them here costs no copy.
 * Eviction is least-recently-used, done by the putting thread.
 */
final class TilePixels {

  private record Entry(ArgbImage pixels, long lastUse) {}

  private final Map<TileKey, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong clock = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong version = new AtomicLong();
  private final long maxBytes;

  TilePixels(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** The tile's pixels, or null while it is not loaded. */
  ArgbImage get(TileKey key) {
    Entry e = entries.get(key);
    if (e == null) {
      return null;
    }
    // Record the use without a lock; a lost update only makes eviction slightly less exact.
    entries.replace(key, e, new Entry(e.pixels, clock.incrementAndGet()));
    return e.pixels;
  }

  boolean contains(TileKey key) {
    return entries.containsKey(key);
  }

  void put(TileKey key, ArgbImage pixels) {
    Entry old = entries.put(key, new Entry(pixels, clock.incrementAndGet()));
    version.incrementAndGet();
    bytes.addAndGet(size(pixels) - (old == null ? 0 : size(old.pixels)));
    evictOverflow();
  }

  /** Forgets every tile of one slide (closed, or changed on disk). */
  void invalidate(String sourceId) {
    entries.entrySet().removeIf(
        e -> {
          if (e.getKey().sourceId().equals(sourceId)) {
            version.incrementAndGet();
            bytes.addAndGet(-size(e.getValue().pixels));
            return true;
          }
          return false;
        });
  }

  /** Changes with every tile added (or slide forgotten): a frame composed at one version may be reused. */
  long version() {
    return version.get();
  }

  long bytes() {
    return bytes.get();
  }

  private static long size(ArgbImage pixels) {
    return 4L * pixels.pixels().length;
  }

  private void evictOverflow() {
    while (bytes.get() > maxBytes && entries.size() > 1) {
      Map.Entry<TileKey, Entry> oldest = null;
      for (Map.Entry<TileKey, Entry> e : entries.entrySet()) {
        if (oldest == null || e.getValue().lastUse < oldest.getValue().lastUse) {
          oldest = e;
        }
      }
      if (oldest != null && entries.remove(oldest.getKey(), oldest.getValue())) {
        bytes.addAndGet(-size(oldest.getValue().pixels));
      }
    }
  }
}
