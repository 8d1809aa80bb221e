package org.mhim.viewer.tissue;

import java.util.Arrays;

/**
 * An immutable binary raster (row-major, one byte per pixel, 0 or 1) with a summed-area table, so
 * the area of any rectangle, even one with fractional corners, is counted in constant time.
 */
public final class BinaryMask {

  private final int width;
  private final int height;
  private final byte[] bits;
  /** {@code sums[(y) * (width + 1) + x]}: set pixels in the rectangle [0, x) × [0, y). */
  private final int[] sums;

  private BinaryMask(int width, int height, byte[] bits) {
    this.width = width;
    this.height = height;
    this.bits = bits;
    this.sums = summedAreaTable(width, height, bits);
  }

  /** A mask over a copy of {@code bits}; any non-zero byte is a set pixel. */
  public static BinaryMask of(int width, int height, byte[] bits) {
    if (width < 0 || height < 0 || bits.length != (long) width * height) {
      throw new IllegalArgumentException(
          "mask holds " + bits.length + " values, not " + width + "×" + height);
    }
    byte[] copy = new byte[bits.length];
    for (int i = 0; i < bits.length; i++) {
      copy[i] = bits[i] != 0 ? (byte) 1 : 0;
    }
    return new BinaryMask(width, height, copy);
  }

  /** A mask with no pixel set. */
  public static BinaryMask empty(int width, int height) {
    return new BinaryMask(width, height, new byte[Math.multiplyExact(width, height)]);
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** Whether pixel (x, y) is set; pixels outside the mask are not. */
  public boolean get(int x, int y) {
    return x >= 0 && y >= 0 && x < width && y < height && bits[y * width + x] != 0;
  }

  /** A copy of the pixels, 0 or 1, row-major. */
  public byte[] toBytes() {
    return bits.clone();
  }

  /** Number of set pixels. */
  public long count() {
    return sums[sums.length - 1];
  }

  /** Set pixels in the integer rectangle [x0, x1) × [y0, y1), clipped to the mask. */
  public long count(int x0, int y0, int x1, int y1) {
    x0 = clamp(x0, width);
    x1 = clamp(x1, width);
    y0 = clamp(y0, height);
    y1 = clamp(y1, height);
    if (x1 <= x0 || y1 <= y0) {
      return 0;
    }
    int stride = width + 1;
    return (long) sums[y1 * stride + x1] - sums[y0 * stride + x1] - sums[y1 * stride + x0]
        + sums[y0 * stride + x0];
  }

  /**
   * Set area in the real rectangle [x0, x1) × [y0, y1), counting a pixel partly covered by its
   * covered part. Bilinear interpolation of the summed-area table is exactly that integral,
   * because the mask is constant within each pixel.
   */
  public double area(double x0, double y0, double x1, double y1) {
    if (!(x1 > x0) || !(y1 > y0)) {
      return 0;
    }
    return integral(x1, y1) - integral(x0, y1) - integral(x1, y0) + integral(x0, y0);
  }

  private double integral(double x, double y) {
    x = Math.clamp(x, 0, width);
    y = Math.clamp(y, 0, height);
    int ix = Math.min((int) x, Math.max(width - 1, 0));
    int iy = Math.min((int) y, Math.max(height - 1, 0));
    if (width == 0 || height == 0) {
      return 0;
    }
    double fx = x - ix;
    double fy = y - iy;
    int stride = width + 1;
    double s00 = sums[iy * stride + ix];
    double s10 = sums[iy * stride + ix + 1];
    double s01 = sums[(iy + 1) * stride + ix];
    double s11 = sums[(iy + 1) * stride + ix + 1];
    return s00 * (1 - fx) * (1 - fy) + s10 * fx * (1 - fy) + s01 * (1 - fx) * fy + s11 * fx * fy;
  }

  /** Intersection over union with a mask of the same size; 1 when both are empty. */
  public double iou(BinaryMask other) {
    if (other.width != width || other.height != height) {
      throw new IllegalArgumentException(
          "masks differ in size: " + width + "×" + height + " vs " + other.width + "×" + other.height);
    }
    long intersection = 0;
    long union = 0;
    for (int i = 0; i < bits.length; i++) {
      intersection += bits[i] & other.bits[i];
      union += bits[i] | other.bits[i];
    }
    return union == 0 ? 1.0 : (double) intersection / union;
  }

  private static int clamp(int v, int max) {
    return Math.clamp(v, 0, max);
  }

  private static int[] summedAreaTable(int width, int height, byte[] bits) {
    int stride = width + 1;
    int[] sums = new int[Math.multiplyExact(stride, height + 1)];
    for (int y = 0; y < height; y++) {
      int rowSum = 0;
      int row = y * width;
      int above = y * stride;
      int here = (y + 1) * stride;
      for (int x = 0; x < width; x++) {
        rowSum += bits[row + x];
        sums[here + x + 1] = sums[above + x + 1] + rowSum;
      }
    }
    return sums;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BinaryMask mask
        && mask.width == width
        && mask.height == height
        && Arrays.equals(mask.bits, bits);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + Arrays.hashCode(bits);
  }

  @Override
  public String toString() {
    return "BinaryMask[" + width + "×" + height + ", " + count() + " set]";
  }
}
