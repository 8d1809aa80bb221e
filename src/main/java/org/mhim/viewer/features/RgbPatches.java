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

  private static byte[] shrink(byte[] rgb, int from, int to) {
    byte[] out = new byte[to * to * 3];
    double scale = (double) from / to;
    float[] row = new float[to * 3];
    float[] rowWeight = new float[1];
    for (int oy = 0; oy < to; oy++) {
      double y0 = oy * scale;
      double y1 = y0 + scale;
      java.util.Arrays.fill(row, 0);
      rowWeight[0] = 0;
      for (int sy = (int) y0; sy < Math.min(from, Math.ceil(y1)); sy++) {
        float wy = (float) (Math.min(y1, sy + 1) - Math.max(y0, sy));
        rowWeight[0] += wy;
        for (int ox = 0; ox < to; ox++) {
          double x0 = ox * scale;
          double x1 = x0 + scale;
          float r = 0;
          float g = 0;
          float b = 0;
          for (int sx = (int) x0; sx < Math.min(from, Math.ceil(x1)); sx++) {
            float wx = (float) (Math.min(x1, sx + 1) - Math.max(x0, sx));
            int s = (sy * from + sx) * 3;
            r += wx * (rgb[s] & 0xff);
            g += wx * (rgb[s + 1] & 0xff);
            b += wx * (rgb[s + 2] & 0xff);
          }
          row[3 * ox] += wy * r;
          row[3 * ox + 1] += wy * g;
          row[3 * ox + 2] += wy * b;
        }
      }
      float area = (float) (rowWeight[0] * scale);
      for (int i = 0; i < to * 3; i++) {
        out[oy * to * 3 + i] = (byte) Math.min(255, Math.round(row[i] / area));
      }
    }
    return out;
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
