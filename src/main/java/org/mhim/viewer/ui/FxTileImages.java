package org.mhim.viewer.ui;

import java.nio.IntBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import org.mhim.viewer.slide.ArgbImage;
import org.mhim.viewer.slide.TileKey;

/**
 * Decoded tiles ready to draw, bounded in bytes. Workers convert and {@link #put}; the JavaFX
 * thread only {@link #get}s, which is lock-free, so painting never waits on a loader. Eviction is
 * least-recently-drawn, done by the putting worker.
 */
final class FxTileImages {

  private record Entry(Image image, long bytes, long lastUse) {}

  private final Map<TileKey, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong clock = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final long maxBytes;

  FxTileImages(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** The drawable tile, or null while it is not loaded. */
  Image get(TileKey key) {
    Entry e = entries.get(key);
    if (e == null) {
      return null;
    }
    // Record the use without a lock; a lost update only makes eviction slightly less exact.
    entries.replace(key, e, new Entry(e.image, e.bytes, clock.incrementAndGet()));
    return e.image;
  }

  boolean contains(TileKey key) {
    return entries.containsKey(key);
  }

  /** Converts {@code pixels} (premultiplied ARGB) into a drawable image and keeps it. */
  void put(TileKey key, ArgbImage pixels) {
    WritableImage image = toImage(pixels);
    long size = 4L * pixels.width() * pixels.height();
    Entry old = entries.put(key, new Entry(image, size, clock.incrementAndGet()));
    bytes.addAndGet(size - (old == null ? 0 : old.bytes));
    evictOverflow();
  }

  /** Forgets every tile of one slide (closed, or changed on disk). */
  void invalidate(String sourceId) {
    entries.entrySet().removeIf(
        e -> {
          if (e.getKey().sourceId().equals(sourceId)) {
            bytes.addAndGet(-e.getValue().bytes);
            return true;
          }
          return false;
        });
  }

  long bytes() {
    return bytes.get();
  }

  static WritableImage toImage(ArgbImage pixels) {
    WritableImage image = new WritableImage(Math.max(1, pixels.width()), Math.max(1, pixels.height()));
    if (pixels.width() > 0 && pixels.height() > 0) {
      image
          .getPixelWriter()
          .setPixels(
              0,
              0,
              pixels.width(),
              pixels.height(),
              PixelFormat.getIntArgbPreInstance(),
              IntBuffer.wrap(pixels.pixels()),
              pixels.width());
    }
    return image;
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
        bytes.addAndGet(-oldest.getValue().bytes);
      }
    }
  }
}
