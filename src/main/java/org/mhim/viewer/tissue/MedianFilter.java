package org.mhim.viewer.tissue;

import java.util.Arrays;

/**
 * Median filter of an 8-bit raster over a square window, with edge pixels repeated beyond the
 * border. Runs in time independent of the value range per pixel: a sliding histogram per row
 * (Huang's algorithm) whose median moves a few steps at a time.
 */
public final class MedianFilter {

  private MedianFilter() {}

  /** The filtered raster; {@code size} is the odd window side (1 returns a copy). */
  public static byte[] apply(byte[] values, int width, int height, int size) {
    if (size < 1 || size % 2 == 0) {
      throw new IllegalArgumentException("median window must be odd and positive, got " + size);
    }
    if (values.length != (long) width * height) {
      throw new IllegalArgumentException("raster holds " + values.length + " values, not " + width + "×" + height);
    }
    byte[] out = new byte[values.length];
    if (size == 1 || values.length == 0) {
      System.arraycopy(values, 0, out, 0, values.length);
      return out;
    }
    int radius = size / 2;
    int half = size * size / 2; // the median is the value with `half` values below it
    int[] histogram = new int[256];
    int[] rows = new int[size]; // offsets of the window's rows, edge rows repeated
    for (int y = 0; y < height; y++) {
      Arrays.fill(histogram, 0);
      for (int k = 0; k < size; k++) {
        rows[k] = Math.clamp(y + k - radius, 0, height - 1) * width;
      }
      for (int row : rows) {
        for (int dx = -radius; dx <= radius; dx++) {
          histogram[values[row + Math.clamp(dx, 0, width - 1)] & 0xFF]++;
        }
      }
      int median = 0;
      int below = 0; // values strictly below `median`
      for (int x = 0; x < width; x++) {
        if (x > 0) {
          int leaving = Math.clamp(x - radius - 1, 0, width - 1);
          int entering = Math.clamp(x + radius, 0, width - 1);
          for (int row : rows) {
            int out1 = values[row + leaving] & 0xFF;
            int in1 = values[row + entering] & 0xFF;
            histogram[out1]--;
            histogram[in1]++;
            if (out1 < median) {
              below--;
            }
            if (in1 < median) {
              below++;
            }
          }
        }
        while (below > half) {
          median--;
          below -= histogram[median];
        }
        while (below + histogram[median] <= half) {
          below += histogram[median];
          median++;
        }
        out[y * width + x] = (byte) median;
      }
    }
    return out;
  }
}
