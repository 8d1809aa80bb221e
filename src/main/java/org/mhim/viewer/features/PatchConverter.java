package org.mhim.viewer.features;

import org.mhim.viewer.slide.ArgbImage;
import org.mhim.viewer.slide.SlideImage;

/**
 * Turns one region read (premultiplied ARGB, {@code from}² pixels) into an encoder's input:
 * interleaved RGB composited over white, {@code to}² pixels, shrunk by area averaging or enlarged
 * bilinearly. The shrink reads the ARGB pixels directly (no intermediate RGB copy) and its
 * arithmetic is arranged so the JIT can vectorise most of it, at about two thirds of the CPU of
 * the straightforward loops it replaced while giving the same bytes (the same float operations in the
 * same order per value; PatchConverterTest keeps those loops as the reference).
 *
 * <p>Holds scratch buffers, so it is not thread-safe: each reader thread makes its own (the
 * tables are cheap).
 */
final class PatchConverter {

  private final int from;
  private final int to;
  private final Shrink shrink; // null unless shrinking

  private PatchConverter(int from, int to) {
    this.from = from;
    this.to = to;
    this.shrink = to < from ? new Shrink(from, to) : null;
  }

  /** A converter from {@code from}-pixel reads to {@code to}-pixel patches. */
  static PatchConverter of(int from, int to) {
    if (from < 1 || to < 1) {
      throw new IllegalArgumentException("patch sides must be positive, not " + from + " → " + to);
    }
    return new PatchConverter(from, to);
  }

  /** The RGB patch, {@code to × to × 3} bytes, row-major. */
  byte[] convert(ArgbImage region) {
    if (region.width() != from || region.height() != from) {
      throw new IllegalArgumentException(
          "expected a " + from + "×" + from + " region, not " + region.width() + "×" + region.height());
    }
    if (shrink != null) {
      return shrink.apply(region.pixels());
    }
    byte[] rgb = SlideImage.toRgbOverWhite(region);
    return from == to ? rgb : enlarge(rgb, from, to);
  }

  /** Bilinear enlargement of a square RGB patch (pixel centres aligned, edges clamped). */
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

  /**
   * Separable area averaging: each source row is averaged horizontally (per channel, into planes),
   * then the planes vertically, with the same float operations per value as the loops it replaced.
   * Horizontally every output pixel takes the same number of taps from
   * consecutive source pixels, the missing ones padded with weight 0 (adding {@code 0·p} leaves a
   * non-negative sum unchanged), so the inner loop has no data-dependent bounds; vertically each
   * tap is a whole-row multiply-add the JIT vectorises.
   */
  private static final class Shrink {
    private final int from;
    private final int to;
    private final Coverage cover;
    private final int taps; // horizontal taps per output pixel, padded
    private final float[][] tapWeight; // [taps][to]: weight of tap t of each output, 0 for padding
    private final float[][] channels; // [3][from + taps]: one source row over white, zero-padded
    private final float[][] planes; // [3][from × to]: every source row averaged horizontally
    private final float[] line;
    private final int[] rounded;

    Shrink(int from, int to) {
      this.from = from;
      this.to = to;
      this.cover = Coverage.of(from, to);
      int most = 0;
      for (int o = 0; o < to; o++) {
        most = Math.max(most, cover.offset[o + 1] - cover.offset[o]);
      }
      this.taps = most;
      this.tapWeight = new float[taps][to];
      for (int o = 0; o < to; o++) {
        for (int t = 0; t < cover.offset[o + 1] - cover.offset[o]; t++) {
          tapWeight[t][o] = cover.weight[cover.offset[o] + t];
        }
      }
      this.channels = new float[3][from + taps];
      this.planes = new float[3][from * to];
      this.line = new float[to];
      this.rounded = new int[to];
    }

    byte[] apply(int[] argb) {
      float[] red = channels[0];
      float[] green = channels[1];
      float[] blue = channels[2];
      for (int sy = 0; sy < from; sy++) {
        int start = sy * from;
        for (int x = 0; x < from; x++) {
          int p = argb[start + x];
          int white = 255 - (p >>> 24); // premultiplied "over" white
          red[x] = Math.min(255, ((p >> 16) & 0xff) + white);
          green[x] = Math.min(255, ((p >> 8) & 0xff) + white);
          blue[x] = Math.min(255, (p & 0xff) + white);
        }
        for (int c = 0; c < 3; c++) {
          horizontal(channels[c], planes[c], sy * to);
        }
      }
      byte[] result = new byte[to * to * 3];
      for (int c = 0; c < 3; c++) {
        vertical(planes[c], result, c);
      }
      return result;
    }

    private void horizontal(float[] channel, float[] plane, int out) {
      int[] first = cover.first;
      float[] total = cover.total;
      float[] w0 = tapWeight[0];
      for (int ox = 0; ox < to; ox++) {
        int k = first[ox];
        float sum = w0[ox] * channel[k];
        for (int t = 1; t < taps; t++) {
          sum += tapWeight[t][ox] * channel[k + t];
        }
        plane[out + ox] = sum / total[ox];
      }
    }

    private void vertical(float[] plane, byte[] result, int channel) {
      for (int oy = 0; oy < to; oy++) {
        int w = cover.offset[oy];
        int row = cover.first[oy] * to;
        float weight = cover.weight[w];
        for (int ox = 0; ox < to; ox++) {
          line[ox] = weight * plane[row + ox];
        }
        for (int v = w + 1; v < cover.offset[oy + 1]; v++) {
          float next = cover.weight[v];
          int r = (cover.first[oy] + v - w) * to;
          for (int ox = 0; ox < to; ox++) {
            line[ox] += next * plane[r + ox];
          }
        }
        float span = cover.total[oy];
        for (int ox = 0; ox < to; ox++) {
          // Math.round for a non-negative float, exactly: q + 0.5 cannot round in double.
          rounded[ox] = Math.min(255, (int) ((double) (line[ox] / span) + 0.5));
        }
        for (int ox = 0, o = oy * to * 3 + channel; ox < to; ox++, o += 3) {
          result[o] = (byte) rounded[ox];
        }
      }
    }
  }

  /**
   * Which source pixels an output pixel covers when {@code from} pixels shrink to {@code to}:
   * output {@code o} spans source {@code [o·s, (o+1)·s)}, s = from / to; its pixels start at
   * {@code first[o]} with weights {@code weight[offset[o] .. offset[o+1])} (the overlap of each
   * pixel, 0–1), summing to {@code total[o]}.
   */
  record Coverage(int[] first, int[] offset, float[] weight, float[] total) {
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
}
