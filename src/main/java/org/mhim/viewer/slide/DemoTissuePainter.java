package org.mhim.viewer.slide;

import java.util.Arrays;

/**
 * Paints level 0 of a synthetic H&amp;E slide from a {@link DemoTissueLayout}: white glass, pink
 * stroma with soft fibres, purple nuclei, and tumour where the layout says — a more purple stroma
 * crowded with larger, darker nuclei. Every pixel is a pure function of (seed, x, y), so tiles can
 * be painted in any order, on any thread.
 */
final class DemoTissuePainter implements PyramidTiffWriter.Level0Source {

  private static final int GRID = 4; // low-frequency textures are sampled every GRID pixels
  private static final int MARGIN = NucleusField.MAX_REACH;

  private static final int GLASS = 0xF4F4F2;
  private static final int STROMA_LIGHT = 0xF6CDE2;
  private static final int STROMA_DARK = 0xD88CBA;
  private static final int TUMOUR_LIGHT = 0xE4AAD2;
  private static final int TUMOUR_DARK = 0xC27DB4;

  private final DemoTissueLayout layout;
  private final NucleusField nuclei;
  private final long seed;

  DemoTissuePainter(DemoTissueLayout layout, long seed) {
    this.layout = layout;
    this.seed = seed;
    this.nuclei = new NucleusField(NucleusField.mix(seed, 7, 11));
  }

  @Override
  public Band band(long y, int height) {
    ScanlineSpans tissue = ScanlineSpans.of(layout.tissue(), y - MARGIN, height + 2 * MARGIN);
    ScanlineSpans tumour = ScanlineSpans.of(layout.tumour(), y - MARGIN, height + 2 * MARGIN);
    return (x, width, out) -> paint(x, y, width, height, tissue, tumour, out);
  }

  private void paint(
      long x0, long y0, int width, int height, ScanlineSpans tissue, ScanlineSpans tumour,
      int[] out) {
    if (!tissue.touches(x0 - MARGIN, x0 + width + MARGIN)) {
      paintGlass(x0, y0, width, height, out);
      return;
    }
    int gw = width / GRID + 2;
    int gh = height / GRID + 2;
    float[] tone = new float[gw * gh];
    for (int j = 0; j < gh; j++) {
      for (int i = 0; i < gw; i++) {
        tone[j * gw + i] = texture(x0 + (long) i * GRID, y0 + (long) j * GRID);
      }
    }
    for (int j = 0; j < height; j++) {
      long y = y0 + j;
      int[] inTissue = tissue.row(y);
      int[] inTumour = tumour.row(y);
      int gj = j / GRID;
      float fy = (j % GRID) / (float) GRID;
      int tk = 0;
      int uk = 0;
      for (int i = 0; i < width; i++) {
        long x = x0 + i;
        while (tk + 1 < inTissue.length && x >= inTissue[tk + 1]) {
          tk += 2;
        }
        boolean isTissue = tk + 1 < inTissue.length && x >= inTissue[tk];
        if (!isTissue) {
          out[j * width + i] = GLASS;
          continue;
        }
        while (uk + 1 < inTumour.length && x >= inTumour[uk + 1]) {
          uk += 2;
        }
        boolean isTumour = uk + 1 < inTumour.length && x >= inTumour[uk];
        int gi = i / GRID;
        float fx = (i % GRID) / (float) GRID;
        int g = gj * gw + gi;
        float top = tone[g] + (tone[g + 1] - tone[g]) * fx;
        float bottom = tone[g + gw] + (tone[g + gw + 1] - tone[g + gw]) * fx;
        float t = top + (bottom - top) * fy;
        int base = isTumour ? lerp(TUMOUR_LIGHT, TUMOUR_DARK, t) : lerp(STROMA_LIGHT, STROMA_DARK, t);
        out[j * width + i] = offset(base, (grain(x, y) & 7) - 3);
      }
    }
    nuclei.forEach(
        x0, y0, x0 + width, y0 + height, tissue, tumour,
        nucleus -> stamp(nucleus, x0, y0, width, height, out));
  }

  /** Bare glass is flat: real scans show it almost so, and flat tiles cost nothing to encode. */
  private static void paintGlass(long x0, long y0, int width, int height, int[] out) {
    Arrays.fill(out, 0, width * height, GLASS);
  }

  /**
   * Stroma darkness in [0, 1] at a point: broad patches plus fibres, long thin streaks whose
   * direction drifts slowly across the slide.
   */
  private float texture(long x, long y) {
    double patches = 0.65 * valueNoise(1, x / 180.0, y / 180.0) + 0.35 * valueNoise(2, x / 50.0, y / 50.0);
    double angle = 2 * Math.PI * valueNoise(3, x / 600.0, y / 600.0);
    double u = x * Math.cos(angle) + y * Math.sin(angle);
    double v = -x * Math.sin(angle) + y * Math.cos(angle);
    double fibres = valueNoise(4, u / 80.0, v / 6.0);
    return (float) (0.55 * patches + 0.45 * fibres * fibres);
  }

  /** Smooth lattice noise in [0, 1). */
  private double valueNoise(int channel, double x, double y) {
    long ix = (long) Math.floor(x);
    long iy = (long) Math.floor(y);
    double fx = x - ix;
    double fy = y - iy;
    fx = fx * fx * (3 - 2 * fx);
    fy = fy * fy * (3 - 2 * fy);
    long s = seed * 31 + channel;
    double a = lattice(s, ix, iy);
    double b = lattice(s, ix + 1, iy);
    double c = lattice(s, ix, iy + 1);
    double d = lattice(s, ix + 1, iy + 1);
    double top = a + (b - a) * fx;
    double bottom = c + (d - c) * fx;
    return top + (bottom - top) * fy;
  }

  private static double lattice(long seed, long x, long y) {
    return (NucleusField.mix(seed, x, y) >>> 11) * 0x1.0p-53;
  }

  /** Draws one nucleus over the tile: dark chromatin, a darker rim, soft anti-aliased edge. */
  private void stamp(NucleusField.Nucleus n, long x0, long y0, int width, int height, int[] out) {
    int left = (int) Math.max(0, Math.floor(n.x() - n.a() - 1) - x0);
    int right = (int) Math.min(width, Math.ceil(n.x() + n.a() + 1) - x0);
    int top = (int) Math.max(0, Math.floor(n.y() - n.a() - 1) - y0);
    int bottom = (int) Math.min(height, Math.ceil(n.y() + n.a() + 1) - y0);
    double a2 = n.a() * n.a();
    double b2 = n.b() * n.b();
    double feather = 1.5 / n.b(); // about one and a half pixels of soft edge
    for (int j = top; j < bottom; j++) {
      double dy = y0 + j + 0.5 - n.y();
      for (int i = left; i < right; i++) {
        double dx = x0 + i + 0.5 - n.x();
        double u = dx * n.cos() + dy * n.sin();
        double v = -dx * n.sin() + dy * n.cos();
        double r = Math.sqrt(u * u / a2 + v * v / b2);
        if (r >= 1 + feather / 2) {
          continue;
        }
        double cover = Math.clamp((1 + feather / 2 - r) / feather, 0, 1) * 0.95;
        int chromatin = (grain(x0 + i, y0 + j) >> 4 & 31) - 15;
        int colour = offset(n.rgb(), chromatin - (r > 0.75 ? 18 : 0));
        int index = j * width + i;
        out[index] = blend(out[index], colour, cover);
      }
    }
  }

  private static int grain(long x, long y) {
    int h = (int) (x * 0x9E3779B1L) ^ (int) (y * 0x85EBCA77L);
    h ^= h >>> 15;
    h *= 0x2C1B3C6D;
    h ^= h >>> 12;
    h *= 0x297A2D39;
    return h ^ (h >>> 15);
  }

  private static int lerp(int from, int to, float t) {
    int r = (int) (((from >> 16) & 255) + (((to >> 16) & 255) - ((from >> 16) & 255)) * t);
    int g = (int) (((from >> 8) & 255) + (((to >> 8) & 255) - ((from >> 8) & 255)) * t);
    int b = (int) ((from & 255) + ((to & 255) - (from & 255)) * t);
    return (r << 16) | (g << 8) | b;
  }

  private static int blend(int under, int over, double alpha) {
    int r = (int) Math.round(((under >> 16) & 255) * (1 - alpha) + ((over >> 16) & 255) * alpha);
    int g = (int) Math.round(((under >> 8) & 255) * (1 - alpha) + ((over >> 8) & 255) * alpha);
    int b = (int) Math.round((under & 255) * (1 - alpha) + (over & 255) * alpha);
    return (r << 16) | (g << 8) | b;
  }

  private static int offset(int rgb, int delta) {
    int r = Math.clamp(((rgb >> 16) & 255) + delta, 0, 255);
    int g = Math.clamp(((rgb >> 8) & 255) + delta, 0, 255);
    int b = Math.clamp((rgb & 255) + delta, 0, 255);
    return (r << 16) | (g << 8) | b;
  }
}
