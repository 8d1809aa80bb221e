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

  /**
   * Area averaging, done separably: rows first, then columns, each with a table of which source
   * pixels cover an output pixel and by how much (the same table for both axes, as patches are
   * square). It runs on the reader threads for every patch, so it avoids per-pixel divisions and
   * bounds arithmetic.
   */
  private static byte[] shrink(byte[] rgb, int from, int to) {
    Coverage cover = Coverage.of(from, to);
    int width = to * 3;
    float[] rows = new float[from * width]; // each source row, averaged horizontally
    for (int sy = 0; sy < from; sy++) {
      int in = sy * from * 3;
      int out = sy * width;
      for (int ox = 0; ox < to; ox++) {
        float r = 0;
        float g = 0;
        float b = 0;
        for (int k = cover.first[ox], w = cover.offset[ox]; w < cover.offset[ox + 1]; k++, w++) {
          float weight = cover.weight[w];
          int s = in + 3 * k;
          r += weight * (rgb[s] & 0xff);
          g += weight * (rgb[s + 1] & 0xff);
          b += weight * (rgb[s + 2] & 0xff);
        }
        float span = cover.total[ox];
        rows[out + 3 * ox] = r / span;
        rows[out + 3 * ox + 1] = g / span;
        rows[out + 3 * ox + 2] = b / span;
      }
    }
    byte[] result = new byte[to * width];
    float[] line = new float[width];
    for (int oy = 0; oy < to; oy++) {
      java.util.Arrays.fill(line, 0);
      for (int k = cover.first[oy], w = cover.offset[oy]; w < cover.offset[oy + 1]; k++, w++) {
        float weight = cover.weight[w];
        int row = k * width;
        for (int i = 0; i < width; i++) {
          line[i] += weight * rows[row + i];
        }
      }
      float span = cover.total[oy];
      int out = oy * width;
      for (int i = 0; i < width; i++) {
        result[out + i] = (byte) Math.min(255, Math.round(line[i] / span));
      }
    }
    return result;
  }

  /**
   * Which source pixels an output pixel covers when {@code from} pixels shrink to {@code to}:
   * output {@code o} spans source {@code [o·s, (o+1)·s)}, s = from / to; its pixels start at
   * {@code first[o]} with weights {@code weight[offset[o] .. offset[o+1])} (the overlap of each
   * pixel, 0–1), summing to {@code total[o]}.
   */
  private record Coverage(int[] first, int[] offset, float[] weight, float[] total) {
    static Coverage of(int from, int to) {
      double scale = (double) from / to;
      int[] first = new int[to];
      int[] offset = new int[to + 1];
      float[] total = new float[to];
      float[] weight = new float[to * ((int) Math.ceil(scale) + 1)];
      int n = 0;
      for (int o = 0; o < to; o++) {
        double lo = o * scale;
        double hi = lo + scale;
        first[o] = (int) lo;
        offset[o] = n;
        for (int k = (int) lo; k < Math.min(from, Math.ceil(hi)); k++) {
          float w = (float) (Math.min(hi, k + 1) - Math.max(lo, k));
          weight[n++] = w;
          total[o] += w;
        }
      }
      offset[to] = n;
      return new Coverage(first, offset, weight, total);
    }
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
