package org.mhim.viewer.analysis;

import java.util.List;

/**
 * Stacks per-instance colours of several overlays into one colour per instance ("over"
 * compositing, bottom first), so the viewer blends one image onto the slide however many
 * overlays are on: all overlays share the instances' rectangles, so compositing per instance
 * gives exactly what drawing the layers one by one would.
 */
public final class ColorStack {

  private ColorStack() {}

  /**
   * Non-premultiplied ARGB per instance of {@code layers} drawn in order over each other.
   *
   * @param layers non-premultiplied ARGB per instance, bottom layer first, all of one length
   */
  public static int[] over(List<int[]> layers) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("nothing to stack");
    }
    int n = layers.getFirst().length;
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      double a = 0;
      double r = 0;
      double g = 0;
      double b = 0; // premultiplied, 0..1
      for (int[] layer : layers) {
        if (layer.length != n) {
          throw new IllegalArgumentException(layer.length + " colours in one layer, " + n + " in another");
        }
        int c = layer[i];
        double ca = (c >>> 24) / 255.0;
        if (ca == 0) {
          continue;
        }
        double keep = 1 - ca;
        r = ((c >> 16) & 0xFF) / 255.0 * ca + r * keep;
        g = ((c >> 8) & 0xFF) / 255.0 * ca + g * keep;
        b = (c & 0xFF) / 255.0 * ca + b * keep;
        a = ca + a * keep;
      }
      if (a > 0) {
        out[i] = channel(a) << 24 | channel(r / a) << 16 | channel(g / a) << 8 | channel(b / a);
      }
    }
    return out;
  }

  private static int channel(double v) {
    return (int) Math.round(Math.clamp(v, 0, 1) * 255);
  }
}
