package org.mhim.viewer.slide;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The ground truth of a synthetic slide: tissue islands and the tumour regions inside them, as
 * polygons in level-0 pixels. The slide is painted from these polygons and they are exported as
 * the slide's annotations, so the two always agree.
 *
 * <p>Each island is star-shaped about its centre (a wobbly ellipse). Each tumour polygon shares
 * its island's centre and vertex directions, with every vertex on the segment from the centre to
 * the island's vertex, so a tumour always lies inside its island.
 *
 * @param tissue tissue islands, disjoint
 * @param tumour tumour regions, each inside one island
 */
public record DemoTissueLayout(List<SlidePolygon> tissue, List<SlidePolygon> tumour) {

  private static final int VERTICES = 160;

  public DemoTissueLayout {
    tissue = List.copyOf(tissue);
    tumour = List.copyOf(tumour);
  }

  public double tissueArea() {
    return tissue.stream().mapToDouble(SlidePolygon::area).sum();
  }

  public double tumourArea() {
    return tumour.stream().mapToDouble(SlidePolygon::area).sum();
  }

  /**
   * Lays out islands on a jittered grid over a {@code width × height} slide and grows tumour in
   * them until tumour covers {@code tumourFraction} of the tissue area.
   */
  public static DemoTissueLayout generate(
      long width, long height, long seed, double tumourFraction) {
    if (!(tumourFraction >= 0 && tumourFraction <= 1)) {
      throw new IllegalArgumentException(
          "tumour fraction must be between 0 and 1, not " + tumourFraction);
    }
    SplittableRandom random = new SplittableRandom(seed);
    double aspect = (double) width / height;
    int cols = aspect > 1.2 ? 3 : 2;
    int rows = aspect < 1 / 1.2 ? 3 : 2;
    double cellW = (double) width / cols;
    double cellH = (double) height / rows;

    List<Island> islands = new ArrayList<>();
    for (int row = 0; row < rows; row++) {
      for (int col = 0; col < cols; col++) {
        boolean keep = random.nextDouble() < 0.75;
        Island island = Island.grow(random, col * cellW, row * cellH, cellW, cellH);
        if (keep || islands.size() + remaining(rows, cols, row, col) < 2) {
          islands.add(island);
        }
      }
    }
    List<SlidePolygon> tissue = islands.stream().map(Island::polygon).toList();
    List<SlidePolygon> tumour = growTumour(random, islands, tumourFraction);
    return new DemoTissueLayout(tissue, tumour);
  }

  /** Cells still to visit after (row, col): keeps at least two islands on every slide. */
  private static int remaining(int rows, int cols, int row, int col) {
    return rows * cols - (row * cols + col) - 1;
  }

  private static List<SlidePolygon> growTumour(
      SplittableRandom random, List<Island> islands, double fraction) {
    List<SlidePolygon> tumours = new ArrayList<>();
    if (fraction == 0) {
      return tumours;
    }
    double total = islands.stream().mapToDouble(i -> i.polygon().area()).sum();
    List<Island> order = new ArrayList<>(islands);
    for (int i = order.size() - 1; i > 0; i--) { // Fisher–Yates with our own generator
      int j = random.nextInt(i + 1);
      order.set(i, order.set(j, order.get(i)));
    }
    // Tumour goes into as few islands as keep each under ~60 % tumour, so some stay clean.
    double wanted = fraction * total;
    double chosenArea = 0;
    List<Island> chosen = new ArrayList<>();
    for (Island island : order) {
      if (chosenArea * 0.6 >= wanted) {
        break;
      }
      chosen.add(island);
      chosenArea += island.polygon().area();
    }
    double share = Math.min(1, wanted / chosenArea);
    for (Island island : chosen) {
      tumours.add(island.tumour(random, share));
    }
    return tumours;
  }

  /** One island: its centre, radii and radial profile; the polygon is derived from them. */
  private record Island(double cx, double cy, double[] dx, double[] dy, SlidePolygon polygon) {

    static Island grow(SplittableRandom random, double x0, double y0, double w, double h) {
      double jitter = 0.05;
      double cx = x0 + w * (0.5 + (random.nextDouble() * 2 - 1) * jitter);
      double cy = y0 + h * (0.5 + (random.nextDouble() * 2 - 1) * jitter);
      double scale = 0.70 + 0.15 * random.nextDouble();
      double rx = w / 2 * scale;
      double ry = h / 2 * scale;
      double[] profile = wobble(random, 0.75, 1.0);
      double[] dx = new double[VERTICES];
      double[] dy = new double[VERTICES];
      for (int i = 0; i < VERTICES; i++) {
        double angle = 2 * Math.PI * i / VERTICES;
        dx[i] = rx * profile[i] * Math.cos(angle);
        dy[i] = ry * profile[i] * Math.sin(angle);
      }
      double[] full = new double[VERTICES];
      Arrays.fill(full, 1);
      return new Island(cx, cy, dx, dy, scaled(cx, cy, dx, dy, full, 1));
    }

    /** A tumour covering {@code share} of this island's area, lopsided towards one side. */
    SlidePolygon tumour(SplittableRandom random, double share) {
      double direction = 2 * Math.PI * random.nextDouble();
      double lean = 0.3 + 0.5 * random.nextDouble();
      double[] detail = wobble(random, -0.15, 0.15);
      double[] reach = new double[VERTICES];
      double smallest = 1;
      for (int i = 0; i < VERTICES; i++) {
        double angle = 2 * Math.PI * i / VERTICES;
        reach[i] =
            Math.clamp(0.55 + 0.45 * lean * Math.cos(angle - direction) + detail[i], 0.1, 1.0);
        smallest = Math.min(smallest, reach[i]);
      }
      double target = share * polygon.area();
      double low = 0;
      double high = 1 / smallest; // at this scale every vertex reaches the island's edge
      for (int step = 0; step < 60; step++) {
        double mid = (low + high) / 2;
        if (scaled(cx, cy, dx, dy, reach, mid).area() < target) {
          low = mid;
        } else {
          high = mid;
        }
      }
      return scaled(cx, cy, dx, dy, reach, high);
    }

    /**
     * The polygon whose vertex i is at centre + min(1, s·reach[i])·(dx[i], dy[i]); reach all one
     * with s = 1 is the island itself. Coordinates are rounded to 1/100 pixel, as exported.
     */
    private static SlidePolygon scaled(
        double cx, double cy, double[] dx, double[] dy, double[] reach, double s) {
      double[] xs = new double[VERTICES];
      double[] ys = new double[VERTICES];
      for (int i = 0; i < VERTICES; i++) {
        double t = Math.min(1, s * reach[i]);
        xs[i] = Math.round((cx + t * dx[i]) * 100) / 100.0;
        ys[i] = Math.round((cy + t * dy[i]) * 100) / 100.0;
      }
      return new SlidePolygon(xs, ys);
    }

    /** A smooth random periodic profile over the vertices, spanning [low, high]. */
    private static double[] wobble(SplittableRandom random, double low, double high) {
      int harmonics = 6;
      double[] amplitude = new double[harmonics];
      double[] phase = new double[harmonics];
      for (int k = 0; k < harmonics; k++) {
        amplitude[k] = random.nextDouble() / (k + 1);
        phase[k] = 2 * Math.PI * random.nextDouble();
      }
      double[] values = new double[VERTICES];
      double min = Double.MAX_VALUE;
      double max = -Double.MAX_VALUE;
      for (int i = 0; i < VERTICES; i++) {
        double angle = 2 * Math.PI * i / VERTICES;
        double v = 0;
        for (int k = 0; k < harmonics; k++) {
          v += amplitude[k] * Math.cos((k + 2) * angle + phase[k]);
        }
        values[i] = v;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      double range = Math.max(max - min, 1e-9);
      for (int i = 0; i < VERTICES; i++) {
        values[i] = low + (high - low) * (values[i] - min) / range;
      }
      return values;
    }
  }
}
