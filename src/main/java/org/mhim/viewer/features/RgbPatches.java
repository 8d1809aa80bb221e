package org.mhim.viewer.features;

import org.mhim.viewer.slide.ArgbImage;

/** Turns region reads into the interleaved RGB patches encoders take. Pure functions, thread-safe. */
final class RgbPatches {

  private RgbPatches() {}

  /**
   * Premultiplied ARGB to RGB composited over white, as slides are viewed (pixels outside the
   * scanned area are transparent and become white background).
   */
  static byte[] rgbOverWhite(ArgbImage image) {
    int[] pixels = image.pixels();
    byte[] rgb = new byte[pixels.length * 3];
    for (int i = 0; i < pixels.length; i++) {
      int p = pixels[i];
      int white = 255 - (p >>> 24);
      rgb[3 * i] = (byte) Math.min(255, ((p >> 16) & 0xff) + white);
      rgb[3 * i + 1] = (byte) Math.min(255, ((p >> 8) & 0xff) + white);
      rgb[3 * i + 2] = (byte) Math.min(255, (p & 0xff) + white);
    }
    return rgb;
  }

  /**
   * Resizes a square RGB patch of side {@code from} to side {@code to}: area averaging when
   * shrinking (no aliasing of nuclei-sized detail), bilinear when enlarging.
   */
  static byte[] resize(byte[] rgb, int from, int to) {
    if (from == to) {
      return rgb;
    }
    return to < from ? shrink(rgb, from, to) : enlarge(rgb, from, to);
  }

  /** Shrinks through {@link PatchConverter}, the readers' path, as opaque ARGB. */
  private static byte[] shrink(byte[] rgb, int from, int to) {
    int[] argb = new int[from * from];
    for (int i = 0; i < argb.length; i++) {
      argb[i] = 0xff000000 | (rgb[3 * i] & 0xff) << 16 | (rgb[3 * i + 1] & 0xff) << 8 | (rgb[3 * i + 2] & 0xff);
    }
    return PatchConverter.of(from, to).convert(new ArgbImage(from, from, argb));
  }

  private static byte[] enlarge(byte[] rgb, int from, int to) {
    byte[] out = new byte[to * to * 3];
    double scale = (double) from / to;
    for (int oy = 0; oy < to; oy++) {
      double sy = Math.max(0, (oy + 0.5) * scale - 0.5);
      int y0 = Math.min(from - 1, (int) sy);
      int y1 = Math.min(from - 1, y0 + 1);
      double fy = sy - y0;
      for (int ox = 0; ox < to; ox++) {
        double sx = Math.max(0, (ox + 0.5) * scale - 0.5);
        int x0 = Math.min(from - 1, (int) sx);
        int x1 = Math.min(from - 1, x0 + 1);
        double fx = sx - x0;
        for (int c = 0; c < 3; c++) {
          double top = (1 - fx) * (rgb[(y0 * from + x0) * 3 + c] & 0xff) + fx * (rgb[(y0 * from + x1) * 3 + c] & 0xff);
          double bottom = (1 - fx) * (rgb[(y1 * from + x0) * 3 + c] & 0xff) + fx * (rgb[(y1 * from + x1) * 3 + c] & 0xff);
          out[(oy * to + ox) * 3 + c] = (byte) Math.round((1 - fy) * top + fy * bottom);
        }
      }
    }
    return out;
  }
}
