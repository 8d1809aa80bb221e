package org.mhim.viewer.slide;

import java.util.Arrays;

/**
 * A simple closed polygon in level-0 pixel coordinates (the ring is implicitly closed: the last
 * vertex joins the first). Immutable.
 */
public record SlidePolygon(double[] xs, double[] ys) {

  public SlidePolygon {
    if (xs.length != ys.length || xs.length < 3) {
      throw new IllegalArgumentException("a polygon needs ≥ 3 vertices with both coordinates");
    }
    xs = xs.clone();
    ys = ys.clone();
  }

  public int size() {
    return xs.length;
  }

  public double x(int i) {
    return xs[i];
  }

  public double y(int i) {
    return ys[i];
  }

  @Override
  public double[] xs() {
    return xs.clone();
  }

  @Override
  public double[] ys() {
    return ys.clone();
  }

  /** Enclosed area (shoelace), in square pixels. */
  public double area() {
    double twice = 0;
    for (int i = 0, j = xs.length - 1; i < xs.length; j = i++) {
      twice += xs[j] * ys[i] - xs[i] * ys[j];
    }
    return Math.abs(twice) / 2;
  }

  public double minY() {
    return Arrays.stream(ys).min().orElseThrow();
  }

  public double maxY() {
    return Arrays.stream(ys).max().orElseThrow();
  }

  /** Even-odd test at a point (pixel centres are at x + 0.5, y + 0.5). */
  public boolean contains(double px, double py) {
    boolean inside = false;
    for (int i = 0, j = xs.length - 1; i < xs.length; j = i++) {
      if ((ys[i] <= py) != (ys[j] <= py)) {
        double cross = xs[i] + (py - ys[i]) * (xs[j] - xs[i]) / (ys[j] - ys[i]);
        if (px < cross) {
          inside = !inside;
        }
      }
    }
    return inside;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SlidePolygon p && Arrays.equals(xs, p.xs) && Arrays.equals(ys, p.ys);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(xs) + Arrays.hashCode(ys);
  }

  @Override
  public String toString() {
    return "SlidePolygon[" + xs.length + " vertices, area " + Math.round(area()) + "]";
  }
}
