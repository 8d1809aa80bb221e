package org.mhim.viewer.ui;

import java.nio.IntBuffer;
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

  private final BoundedTileStore<Image> store;

  FxTileImages(long maxBytes) {
    store = new BoundedTileStore<>(maxBytes, image -> 4L * (long) image.getWidth() * (long) image.getHeight());
  }

  /** The drawable tile, or null while it is not loaded. */
  Image get(TileKey key) {
    return store.get(key);
  }

  boolean contains(TileKey key) {
    return store.contains(key);
  }

  /** Converts {@code pixels} (premultiplied ARGB) into a drawable image and keeps it. */
  void put(TileKey key, ArgbImage pixels) {
    store.put(key, toImage(pixels));
  }

  /** Forgets every tile of one slide (closed, or changed on disk). */
  void invalidate(String sourceId) {
    store.invalidate(sourceId);
  }

  long bytes() {
    return store.bytes();
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
}
