package org.mhim.viewer.ui;

import org.mhim.viewer.slide.ArgbImage;
import org.mhim.viewer.slide.TileKey;

/**
 * Decoded slide tiles the frame composer paints from, bounded in bytes. Loader threads {@link
 * #put}; the composer {@link #get}s without a lock, so composing never waits on a loader. The
 * images are the tile cache's own (shared, never modified), so keeping them here costs no copy.
 * Eviction is least-recently-used, done by the putting thread.
 */
final class TilePixels {

  private final BoundedTileStore<ArgbImage> store;

  TilePixels(long maxBytes) {
    store = new BoundedTileStore<>(maxBytes, pixels -> 4L * pixels.pixels().length);
  }

  /** The tile's pixels, or null while it is not loaded. */
  ArgbImage get(TileKey key) {
    return store.get(key);
  }

  boolean contains(TileKey key) {
    return store.contains(key);
  }

  void put(TileKey key, ArgbImage pixels) {
    store.put(key, pixels);
  }

  /** Forgets every tile of one slide (closed, or changed on disk). */
  void invalidate(String sourceId) {
    store.invalidate(sourceId);
  }

  /** Changes with every tile added (or slide forgotten): a frame composed at one version may be reused. */
  long version() {
    return store.version();
  }

  long bytes() {
    return store.bytes();
  }
}
