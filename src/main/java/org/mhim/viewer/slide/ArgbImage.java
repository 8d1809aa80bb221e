package org.mhim.viewer.slide;

/**
 * A raster of premultiplied ARGB pixels, row-major, as OpenSlide returns them
 * (ready for JavaFX {@code PixelFormat.getIntArgbPreInstance()}).
 */
public record ArgbImage(int width, int height, int[] pixels) {
  public ArgbImage {
    if (width < 0 || height < 0 || pixels.length != (long) width * height) {
      throw new IllegalArgumentException(
          "pixels hold " + pixels.length + " values, not " + width + "×" + height);
    }
  }
}
