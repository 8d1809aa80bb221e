package org.mhim.viewer.tissue;

/**
 * Binary morphology with a square structuring element, computed separably (rows, then columns)
 * with running counts, so the cost does not grow with the element. Pixels beyond the border are
 * ignored rather than taken as background, so tissue touching the edge is not eaten by erosion.
 */
public final class Morphology {

  private Morphology() {}

  /** Set where any pixel in the {@code size}×{@code size} window is set. */
  public static byte[] dilate(byte[] bits, int width, int height, int size) {
    return separable(bits, width, height, size, true);
  }

  /** Set where every pixel in the window (inside the raster) is set. */
  public static byte[] erode(byte[] bits, int width, int height, int size) {
    return separable(bits, width, height, size, false);
  }

  /** Erosion then dilation: removes specks smaller than the element. */
  public static byte[] open(byte[] bits, int width, int height, int size) {
    return dilate(erode(bits, width, height, size), width, height, size);
  }

  /** Dilation then erosion: closes gaps narrower than the element. */
  public static byte[] close(byte[] bits, int width, int height, int size) {
    return erode(dilate(bits, width, height, size), width, height, size);
  }

  private static byte[] separable(byte[] bits, int width, int height, int size, boolean dilate) {
    if (size < 1) {
      throw new IllegalArgumentException("structuring element side must be positive, got " + size);
    }
    if (size == 1) {
      return bits.clone();
    }
    byte[] rows = new byte[bits.length];
    for (int y = 0; y < height; y++) {
      pass(bits, rows, y * width, width, size, dilate);
    }
    return columns(rows, width, height, size, dilate);
  }

  /**
   * The vertical pass, a row at a time with a running count per column: walking down columns
   * would touch a new cache line at every pixel.
   */
  private static byte[] columns(byte[] in, int width, int height, int size, boolean dilate) {
    byte[] out = new byte[in.length];
    int before = dilate ? (size - 1) / 2 : size / 2;
    int after = size - 1 - before;
    int[] count = new int[width];
    int windowEnd = -1;
    int windowStart = 0;
    for (int y = 0; y < height; y++) {
      int from = Math.max(0, y - before);
      int to = Math.min(height - 1, y + after);
      while (windowEnd < to) {
        windowEnd++;
        int row = windowEnd * width;
        for (int x = 0; x < width; x++) {
          count[x] += in[row + x];
        }
      }
      while (windowStart < from) {
        int row = windowStart * width;
        for (int x = 0; x < width; x++) {
          count[x] -= in[row + x];
        }
        windowStart++;
      }
      int span = to - from + 1;
      int row = y * width;
      for (int x = 0; x < width; x++) {
        out[row + x] = (byte) (dilate ? (count[x] > 0 ? 1 : 0) : (count[x] == span ? 1 : 0));
      }
    }
    return out;
  }

  /** The horizontal pass over one row of {@code length} pixels starting at {@code start}. */
  private static void pass(
      byte[] in, byte[] out, int start, int length, int size, boolean dilate) {
    // Window [i - before, i + after]; for even sizes it leans right on dilation and left on
    // erosion, so that closing and opening return to the same place.
    int before = dilate ? (size - 1) / 2 : size / 2;
    int after = size - 1 - before;
    int count = 0;
    int windowEnd = -1; // last index counted
    int windowStart = 0; // first index counted
    for (int i = 0; i < length; i++) {
      int from = Math.max(0, i - before);
      int to = Math.min(length - 1, i + after);
      while (windowEnd < to) {
        windowEnd++;
        count += in[start + windowEnd];
      }
      while (windowStart < from) {
        count -= in[start + windowStart];
        windowStart++;
      }
      int span = to - from + 1;
      out[start + i] = (byte) (dilate ? (count > 0 ? 1 : 0) : (count == span ? 1 : 0));
    }
  }
}
