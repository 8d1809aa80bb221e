package org.mhim.viewer.slide;

import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Cell nuclei, generated on demand: the slide is cut into small cells and each cell's nuclei come
 * from a generator seeded by (seed, cell), so any tile can be painted alone and every tile agrees
 * with its neighbours. Whether a candidate nucleus exists, and what it looks like, depends on
 * where its centre falls: none on background, sparse small ones in stroma, crowded large dark ones
 * in tumour.
 */
final class NucleusField {

  /** One nucleus: an ellipse with semi-axes a ≥ b, turned by an angle, and its colour. */
  record Nucleus(double x, double y, double a, double b, double cos, double sin, int rgb) {}

  static final int CELL = 16;
  /** No nucleus reaches further than this from its centre (pixels). */
  static final int MAX_REACH = 12;

  private static final int CANDIDATES = 2;
  private static final double[] STROMA_ODDS = {0.20, 0.0};
  private static final double[] TUMOUR_ODDS = {0.65, 0.30};

  private final long seed;

  NucleusField(long seed) {
    this.seed = seed;
  }

  /**
   * Calls {@code action} for every nucleus whose box may touch {@code [x0, x1) × [y0, y1)}; the
   * spans must cover rows {@code [y0 - MAX_REACH, y1 + MAX_REACH)}.
   */
  void forEach(
      long x0, long y0, long x1, long y1, ScanlineSpans tissue, ScanlineSpans tumour,
      Consumer<Nucleus> action) {
    long firstCol = Math.floorDiv(x0 - MAX_REACH, CELL);
    long lastCol = Math.floorDiv(x1 + MAX_REACH, CELL);
    long firstRow = Math.floorDiv(y0 - MAX_REACH, CELL);
    long lastRow = Math.floorDiv(y1 + MAX_REACH, CELL);
    for (long row = firstRow; row <= lastRow; row++) {
      for (long col = firstCol; col <= lastCol; col++) {
        SplittableRandom random = new SplittableRandom(mix(seed, col, row));
        for (int k = 0; k < CANDIDATES; k++) {
          // Draw everything first so the stream never depends on where the cell lies.
          double x = (col + random.nextDouble()) * CELL;
          double y = (row + random.nextDouble()) * CELL;
          double roll = random.nextDouble();
          double size = random.nextDouble();
          double shape = random.nextDouble();
          double angle = Math.PI * random.nextDouble();
          double shade = random.nextDouble();
          if (x + MAX_REACH < x0 || x - MAX_REACH >= x1 || y + MAX_REACH < y0 || y - MAX_REACH >= y1) {
            continue;
          }
          long px = (long) Math.floor(x);
          long py = (long) Math.floor(y);
          if (!tissue.contains(px, py)) {
            continue;
          }
          boolean inTumour = tumour.contains(px, py);
          if (roll >= (inTumour ? TUMOUR_ODDS[k] : STROMA_ODDS[k])) {
            continue;
          }
          action.accept(inTumour ? tumourNucleus(x, y, size, shape, angle, shade)
              : stromaNucleus(x, y, size, shape, angle, shade));
        }
      }
    }
  }

  private static Nucleus stromaNucleus(
      double x, double y, double size, double shape, double angle, double shade) {
    double a = 4 + 2.5 * size;
    // Some stromal nuclei are long and thin (fibroblasts), the rest round-ish (lymphocytes).
    double b = shape < 0.4 ? a * (0.35 + 0.2 * shape) : a * (0.75 + 0.25 * shape);
    int rgb = shadeOf(0x6A3E96, shade, 18);
    return new Nucleus(x, y, a, b, Math.cos(angle), Math.sin(angle), rgb);
  }

  private static Nucleus tumourNucleus(
      double x, double y, double size, double shape, double angle, double shade) {
    double a = 6.5 + 3.5 * size;
    double b = a * (0.7 + 0.3 * shape);
    int rgb = shadeOf(0x431E6E, shade, 14);
    return new Nucleus(x, y, a, b, Math.cos(angle), Math.sin(angle), rgb);
  }

  private static int shadeOf(int rgb, double shade, int spread) {
    int delta = (int) Math.round((shade * 2 - 1) * spread);
    int r = Math.clamp(((rgb >> 16) & 255) + delta, 0, 255);
    int g = Math.clamp(((rgb >> 8) & 255) + delta, 0, 255);
    int b = Math.clamp((rgb & 255) + delta, 0, 255);
    return (r << 16) | (g << 8) | b;
  }

  /** A well-mixed 64-bit seed from three numbers (SplitMix64 finaliser). */
  static long mix(long seed, long a, long b) {
    long z = seed + 0x9E3779B97F4A7C15L * (a * 0x632BE59BD9B4E019L + b + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
