package org.mhim.viewer.ui;

import org.mhim.viewer.slide.ArgbImage;

/**
 * Resizes a premultiplied ARGB image once, off the JavaFX thread, so that it can then be drawn
 * unscaled: the software pipeline redraws scaled images expensively on every frame.
 */
final class ArgbResize {

  private ArgbResize() {}

  /**
   * {@code image} at {@code width × height}: each pixel the mean of the source pixels it covers
   * (shrinking), or the source pixel under its centre (enlarging).
   */
  static ArgbImage toSize(ArgbImage image, int width, int height) {
    if (image.width() == width && image.height() == height) {
      return image;
    }
    if (width <= 0 || height <= 0 || image.width() == 0 || image.height() == 0) {
      throw new IllegalArgumentException("cannot resize " + image.width() + "×" + image.height() + " to " + width + "×" + height);
    }
    int[] src = image.pixels();
    int[] out = new int[width * height];
    double sx = (double) image.width() / width;
    double sy = (double) image.height() / height;
    for (int y = 0; y < height; y++) {
      int y0 = (int) Math.floor(y * sy);
      int y1 = Math.max(y0 + 1, Math.min(image.height(), (int) Math.floor((y + 1) * sy)));
      for (int x = 0; x < width; x++) {
        int x0 = (int) Math.floor(x * sx);
        int x1 = Math.max(x0 + 1, Math.min(image.width(), (int) Math.floor((x + 1) * sx)));
        long a = 0;
        long r = 0;
        long g = 0;
        long b = 0;
        for (int j = y0; j < y1; j++) {
          for (int i = x0; i < x1; i++) {
            int p = src[j * image.width() + i];
            a += p >>> 24;
            r += (p >> 16) & 0xFF;
            g += (p >> 8) & 0xFF;
            b += p & 0xFF;
          }
        }
        long n = (long) (y1 - y0) * (x1 - x0);
        out[y * width + x] = (int) ((a / n) << 24 | (r / n) << 16 | (g / n) << 8 | (b / n));
      }
    }
    return new ArgbImage(width, height, out);
  }
}
