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
   * Level pixels read at once: 16 MiB of ARGB, a fraction of a second of decoding, so a stop
   * request is seen between strips soon enough.
   */
  private static final long STRIP_PIXELS = 1L << 22;

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
   * As {@link #read(RegionSource, int, int)}, looking at {@code stopRequested} before each strip.
   *
   * @throws CancellationException when {@code stopRequested} turns true before the last strip
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

    int rowsPerStrip = (int) Math.max(1, STRIP_PIXELS / ((long) levelWidth * factor));
    int[] red = new int[width];
    int[] green = new int[width];
    int[] blue = new int[width];
    int[] count = new int[width];
    for (int row0 = 0; row0 < height; row0 += rowsPerStrip) {
      if (stopRequested.getAsBoolean()) {
        throw new CancellationException(source.metadata().path() + ": reading the slide for tissue detection was cancelled");
      }
      int rows = Math.min(rowsPerStrip, height - row0);
      int levelY0 = row0 * factor;
      int levelRows = Math.min(rows * factor, levelHeight - levelY0);
      long y0 = Math.round(levelY0 * levelDownsample);
      int[] pixels = source.readRegion(0, y0, level, levelWidth, levelRows).pixels();
      for (int r = 0; r < rows; r++) {
        Arrays.fill(red, 0);
        Arrays.fill(green, 0);
        Arrays.fill(blue, 0);
        Arrays.fill(count, 0);
        int to = Math.min((r + 1) * factor, levelRows);
        for (int ly = r * factor; ly < to; ly++) {
          int offset = ly * levelWidth;
          for (int lx = 0; lx < levelWidth; lx++) {
            int argb = pixels[offset + lx];
            // Premultiplied over white: c + (255 − alpha).
            int clear = 255 - (argb >>> 24);
            int x = lx / factor;
            red[x] += ((argb >>> 16) & 0xFF) + clear;
            green[x] += ((argb >>> 8) & 0xFF) + clear;
            blue[x] += (argb & 0xFF) + clear;
            count[x]++;
          }
        }
        int line = (row0 + r) * width;
        for (int x = 0; x < width; x++) {
          int n = Math.max(count[x], 1);
          out[line + x] = 0xFF000000 | (red[x] / n) << 16 | (green[x] / n) << 8 | (blue[x] / n);
        }
      }
    }
    return new ArgbImage(width, height, out);
  }
}
