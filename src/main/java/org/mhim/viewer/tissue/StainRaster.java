package org.mhim.viewer.tissue;

import org.mhim.viewer.slide.ArgbImage;
import org.mhim.viewer.slide.RegionSource;
import org.mhim.viewer.slide.SlideLevel;
import org.mhim.viewer.slide.SlideMetadata;

/**
 * A low-resolution view of a slide as one {@link TissueChannel} value per pixel.
 *
 * @param values channel values, row-major, 0–255
 * @param level the pyramid level it was read from
 * @param downsample level-0 pixels per raster pixel
 */
record StainRaster(byte[] values, int width, int height, int level, double downsample) {

  /** Level pixels read at once: bounds memory on slides without a coarse level. */
  private static final long STRIP_PIXELS = 1L << 24;

  /**
   * Reads the level nearest below the wanted downsample in horizontal strips and, when that level
   * is finer than wanted, averages blocks of its pixels down (transparent pixels count as white
   * glass, as they lie outside the scanned area).
   */
  static StainRaster read(RegionSource source, TissueDetectionSettings settings) {
    SlideMetadata metadata = source.metadata();
    long longSide = Math.max(metadata.width(), metadata.height());
    double wanted =
        Math.max(1, Math.min(settings.targetDownsample(), (double) longSide / settings.minMaskSide()));
    int level = SlideScale.levelAtMost(metadata, wanted);
    SlideLevel slideLevel = metadata.level(level);
    double levelDownsample = slideLevel.downsample();
    int factor = (int) Math.max(1, Math.round(wanted / levelDownsample));
    int levelWidth = Math.toIntExact(slideLevel.width());
    int levelHeight = Math.toIntExact(slideLevel.height());
    int width = (levelWidth + factor - 1) / factor;
    int height = (levelHeight + factor - 1) / factor;
    byte[] values = new byte[Math.multiplyExact(width, height)];

    int rowsPerStrip = (int) Math.max(1, STRIP_PIXELS / ((long) levelWidth * factor));
    int[] red = new int[width];
    int[] green = new int[width];
    int[] blue = new int[width];
    int[] count = new int[width];
    for (int row0 = 0; row0 < height; row0 += rowsPerStrip) {
      int rows = Math.min(rowsPerStrip, height - row0);
      int levelY0 = row0 * factor;
      int levelRows = Math.min(rows * factor, levelHeight - levelY0);
      long y0 = Math.round(levelY0 * levelDownsample);
      ArgbImage strip = source.readRegion(0, y0, level, levelWidth, levelRows);
      int[] pixels = strip.pixels();
      for (int r = 0; r < rows; r++) {
        java.util.Arrays.fill(red, 0);
        java.util.Arrays.fill(green, 0);
        java.util.Arrays.fill(blue, 0);
        java.util.Arrays.fill(count, 0);
        int from = r * factor;
        int to = Math.min(from + factor, levelRows);
        for (int ly = from; ly < to; ly++) {
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
        int out = (row0 + r) * width;
        for (int x = 0; x < width; x++) {
          int n = Math.max(count[x], 1);
          values[out + x] = (byte) settings.channel().value(red[x] / n, green[x] / n, blue[x] / n);
        }
      }
    }
    return new StainRaster(values, width, height, level, levelDownsample * factor);
  }
}
