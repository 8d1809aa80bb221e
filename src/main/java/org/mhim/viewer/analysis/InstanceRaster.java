package org.mhim.viewer.analysis;

import java.util.Arrays;

/**
 * Paints instance colours into pixel tiles at any scale: the viewer's overlays are cut into tiles
 * like the slide and painted once each, off the display thread, instead of one rectangle per
 * instance per frame. Patch edges are rounded to the nearest pixel on both sides, so neighbouring
 * patches meet without gaps or double-painted seams; a patch smaller than a pixel still gets one.
 */
public final class InstanceRaster {

  private final InstanceIndex index;

  public InstanceRaster(InstanceIndex index) {
    this.index = index;
  }

  public InstanceIndex index() {
    return index;
  }

  /**
   * A {@code width × height} tile of premultiplied ARGB pixels whose top-left pixel corner lies at
   * level-0 ({@code x0}, {@code y0}) and whose pixels each cover {@code downsample} level-0 pixels.
   *
   * @param colors non-premultiplied ARGB per instance (as {@link ColorScale#colors}); 0 leaves the
   *     patch out
   */
  public int[] render(int[] colors, double x0, double y0, double downsample, int width, int height) {
    Instances instances = index.instances();
    if (colors.length != instances.size()) {
      throw new IllegalArgumentException(colors.length + " colours for " + instances.size() + " instances");
    }
    if (!(downsample > 0) || width <= 0 || height <= 0) {
      throw new IllegalArgumentException("empty tile " + width + "×" + height + " at downsample " + downsample);
    }
    int[] pixels = new int[Math.multiplyExact(width, height)];
    for (int i : index.within(x0, y0, x0 + width * downsample, y0 + height * downsample)) {
      int color = colors[i];
      if (color >>> 24 == 0) {
        continue;
      }
      int px0 = (int) Math.round((instances.x(i) - x0) / downsample);
      int px1 = Math.max(px0 + 1, (int) Math.round((instances.x(i) + instances.width(i) - x0) / downsample));
      int py0 = (int) Math.round((instances.y(i) - y0) / downsample);
      int py1 = Math.max(py0 + 1, (int) Math.round((instances.y(i) + instances.height(i) - y0) / downsample));
      fill(pixels, width, height, premultiply(color), px0, py0, px1, py1);
    }
    return pixels;
  }

  private static void fill(int[] pixels, int width, int height, int color, int x0, int y0, int x1, int y1) {
    int left = Math.max(0, x0);
    int right = Math.min(width, x1);
    int top = Math.max(0, y0);
    int bottom = Math.min(height, y1);
    for (int y = top; y < bottom; y++) {
      Arrays.fill(pixels, y * width + left, y * width + Math.max(left, right), color);
    }
  }

  /** Non-premultiplied ARGB to premultiplied, as JavaFX's {@code IntArgbPre} expects. */
  static int premultiply(int argb) {
    int a = argb >>> 24;
    if (a == 255) {
      return argb;
    }
    int r = ((argb >> 16) & 0xFF) * a / 255;
    int g = ((argb >> 8) & 0xFF) * a / 255;
    int b = (argb & 0xFF) * a / 255;
    return a << 24 | r << 16 | g << 8 | b;
  }
}
