package org.mhim.viewer.tissue;

import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.mhim.viewer.slide.ArgbImage;
import org.mhim.viewer.slide.RegionSource;
import org.mhim.viewer.slide.SlideLevel;

/**
 * Reads a whole pyramid level shrunk by an integer factor: each output pixel is the mean colour
 * of a {@code factor × factor} block of level pixels (fewer at the right and bottom edges).
 * Transparent pixels, outside the scanned area, count as white glass. The level is read in
 * horizontal strips, so memory stays bounded on slides without a coarse level.
 */
public final class ReducedImage {

  /**
   * Level pixels a strip spans: tall strips decode each tile row of a pyramid-less slide about
   * once (OpenSlide's tile cache cannot hold a whole row of tiles of a wide slide).
   */
  private static final long STRIP_PIXELS = 1L << 24;

  /**
   * Level pixels read at once: a strip is read in pieces of this size, a small fraction of a
   * second of decoding each, and a stop request is looked at between pieces.
   */
  private static final long PIECE_PIXELS = 1L << 20;

  /** Output pixels of a strip, whose colour sums are kept while its pieces are read. */
  private static final long ACCUMULATED_PIXELS = 1L << 20;

  private ReducedImage() {}

  /**
   * The slide at the mask's resolution, pixel for pixel: for showing a mask over the tissue it
   * was found in.
   */
  public static ArgbImage matching(RegionSource source, TissueMask mask) {
    if (mask.level() < 0) {
      throw new IllegalArgumentException("the mask was not read from a slide level");
    }
    double levelDownsample = source.metadata().level(mask.level()).downsample();
    return read(source, mask.level(), (int) Math.max(1, Math.round(mask.downsample() / levelDownsample)));
  }

  /**
   * The level shrunk by {@code factor}, as opaque ARGB; its pixel (i, j) covers level-0 pixels
   * from (i, j) × factor × the level's downsample.
   */
  public static ArgbImage read(RegionSource source, int level, int factor) {
    return read(source, level, factor, () -> false);
  }

  /**
   * As {@link #read(RegionSource, int, int)}, looking at {@code stopRequested} before each read
   * (of at most a mebipixel).
   *
   * @throws CancellationException when {@code stopRequested} turns true before the last read
   */
  public static ArgbImage read(RegionSource source, int level, int factor, BooleanSupplier stopRequested) {
    if (factor < 1) {
      throw new IllegalArgumentException("reduction factor must be positive, got " + factor);
    }
    SlideLevel slideLevel = source.metadata().level(level);
    double levelDownsample = slideLevel.downsample();
    int levelWidth = Math.toIntExact(slideLevel.width());
    int levelHeight = Math.toIntExact(slideLevel.height());
    int width = (levelWidth + factor - 1) / factor;
    int height = (levelHeight + factor - 1) / factor;
    int[] out = new int[Math.multiplyExact(width, height)];

    // Sums for a strip's output pixels, at most ACCUMULATED_PIXELS of them (16 MiB).
    long stripRows = Math.min(STRIP_PIXELS / ((long) levelWidth * factor), ACCUMULATED_PIXELS / width);
    int rowsPerStrip = (int) Math.min(height, Math.max(1, stripRows));
    int[] red = new int[rowsPerStrip * width];
    int[] green = new int[rowsPerStrip * width];
    int[] blue = new int[rowsPerStrip * width];
    int[] count = new int[rowsPerStrip * width];
    for (int row0 = 0; row0 < height; row0 += rowsPerStrip) {
      int rows = Math.min(rowsPerStrip, height - row0);
      int levelY0 = row0 * factor;
      int levelRows = Math.min(rows * factor, levelHeight - levelY0);
      long y0 = Math.round(levelY0 * levelDownsample);
      Arrays.fill(red, 0);
      Arrays.fill(green, 0);
      Arrays.fill(blue, 0);
      Arrays.fill(count, 0);
      // Pieces are whole output columns wide, so each level pixel adds to one output pixel.
      int pieceColumns = (int) Math.max(1, PIECE_PIXELS / ((long) levelRows * factor));
      for (int column0 = 0; column0 < width; column0 += pieceColumns) {
        if (stopRequested.getAsBoolean()) {
          throw new CancellationException(source.metadata().path() + ": reading the slide for tissue detection was cancelled");
        }
        int levelX0 = column0 * factor;
        int levelColumns = Math.min(pieceColumns * factor, levelWidth - levelX0);
        long x0 = Math.round(levelX0 * levelDownsample);
        int[] pixels = source.readRegion(x0, y0, level, levelColumns, levelRows).pixels();
        for (int ly = 0; ly < levelRows; ly++) {
          int line = (ly / factor) * width + column0;
          int offset = ly * levelColumns;
          for (int lx = 0; lx < levelColumns; lx++) {
            int argb = pixels[offset + lx];
            // Premultiplied over white: c + (255 − alpha).
            int clear = 255 - (argb >>> 24);
            int x = line + lx / factor;
            red[x] += ((argb >>> 16) & 0xFF) + clear;
            green[x] += ((argb >>> 8) & 0xFF) + clear;
            blue[x] += (argb & 0xFF) + clear;
            count[x]++;
          }
        }
      }
      for (int i = 0; i < rows * width; i++) {
        int n = Math.max(count[i], 1);
        out[row0 * width + i] = 0xFF000000 | (red[i] / n) << 16 | (green[i] / n) << 8 | (blue[i] / n);
      }
    }
    return new ArgbImage(width, height, out);
  }
}
