package org.mhim.viewer.analysis;

import java.awt.image.BufferedImage;
import org.mhim.viewer.slide.ArgbImage;
import org.mhim.viewer.slide.RegionSource;
import org.mhim.viewer.slide.SlideMetadata;

/**
 * A whole-slide overview as an RGB image over white, at most {@code maxSide} pixels on its long
 * side, read from the pyramid level just above that size and box-filtered down (every source
 * pixel counts, so thin structures do not alias away). Pyramid levels rather than the scanner's
 * "thumbnail" associated image, because only levels are registered exactly to level-0
 * coordinates, which the overlays need.
 *
 * @param image the overview, {@code TYPE_INT_RGB}
 * @param downsampleX level-0 pixels per overview pixel, horizontally
 * @param downsampleY level-0 pixels per overview pixel, vertically
 */
public record SlideThumbnail(BufferedImage image, double downsampleX, double downsampleY) {

  /** Pixels read per strip: bounds memory whatever the level's size. */
  private static final long STRIP_PIXELS = 1L << 22;

  /**
   * Reads the overview.
   *
   * @throws org.mhim.viewer.slide.SlideException when the slide cannot be read
   */
  public static SlideThumbnail read(RegionSource slide, int maxSide) {
    if (maxSide < 1) {
      throw new IllegalArgumentException("thumbnail side must be positive, got " + maxSide);
    }
    SlideMetadata meta = slide.metadata();
    long w0 = meta.width();
    long h0 = meta.height();
    double scale = Math.min(1.0, maxSide / (double) Math.max(w0, h0));
    int tw = (int) Math.max(1, Math.round(w0 * scale));
    int th = (int) Math.max(1, Math.round(h0 * scale));
    int level = levelAtLeast(meta, tw, th);
    long lw = meta.level(level).width();
    long lh = meta.level(level).height();
    double downsample = meta.level(level).downsample();

    int[] targetColumn = new int[Math.toIntExact(lw)];
    for (int sx = 0; sx < lw; sx++) {
      targetColumn[sx] = (int) (sx * (long) tw / lw);
    }
    long[] red = new long[tw * th];
    long[] green = new long[tw * th];
    long[] blue = new long[tw * th];
    int[] count = new int[tw * th];
    int stripRows = (int) Math.max(1, Math.min(lh, STRIP_PIXELS / lw));
    for (long sy0 = 0; sy0 < lh; sy0 += stripRows) {
      int rows = (int) Math.min(stripRows, lh - sy0);
      ArgbImage strip =
          slide.readRegion(0, Math.round(sy0 * downsample), level, (int) lw, rows);
      int[] px = strip.pixels();
      for (int r = 0; r < rows; r++) {
        int rowBase = (int) ((sy0 + r) * th / lh) * tw;
        int src = r * (int) lw;
        for (int sx = 0; sx < lw; sx++) {
          int argb = px[src + sx];
          // Premultiplied ARGB over white: channel + (255 − alpha).
          int clear = 255 - (argb >>> 24);
          int t = rowBase + targetColumn[sx];
          red[t] += ((argb >> 16) & 0xFF) + clear;
          green[t] += ((argb >> 8) & 0xFF) + clear;
          blue[t] += (argb & 0xFF) + clear;
          count[t]++;
        }
      }
    }
    BufferedImage image = new BufferedImage(tw, th, BufferedImage.TYPE_INT_RGB);
    int[] out = new int[tw * th];
    for (int t = 0; t < out.length; t++) {
      int n = Math.max(1, count[t]);
      out[t] = channel(red[t], n) << 16 | channel(green[t], n) << 8 | channel(blue[t], n);
    }
    image.setRGB(0, 0, tw, th, out, 0, tw);
    return new SlideThumbnail(image, w0 / (double) tw, h0 / (double) th);
  }

  public int width() {
    return image.getWidth();
  }

  public int height() {
    return image.getHeight();
  }

  /** The lowest-resolution level still at least {@code tw × th} (level 0 when none is smaller). */
  private static int levelAtLeast(SlideMetadata meta, int tw, int th) {
    int best = 0;
    for (int level = 1; level < meta.levelCount(); level++) {
      if (meta.level(level).width() >= tw && meta.level(level).height() >= th) {
        best = level;
      }
    }
    return best;
  }

  private static int channel(long sum, int n) {
    return (int) Math.min(255, (sum + n / 2) / n);
  }
}
