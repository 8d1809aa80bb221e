package org.mhim.viewer.tissue;

import java.util.Arrays;

/**
 * A closed ring of vertices, stored as interleaved {@code x0, y0, x1, y1, …} without repeating
 * the first vertex at the end. Coordinates are in whatever space its owner says (level-0 pixels
 * for slide geometry). Immutable: the array is copied in and out.
 */
public record Ring(double[] xy) {

  public Ring {
    if (xy.length % 2 != 0 || xy.length < 6) {
      throw new IllegalArgumentException(
          "a ring needs at least 3 vertices as x,y pairs, got " + xy.length + " values");
    }
    xy = xy.clone();
  }

  /** Builds a ring from vertices, dropping a closing vertex that repeats the first one. */
  public static Ring of(double... xy) {
    int n = xy.length;
    if (n >= 8 && xy[0] == xy[n - 2] && xy[1] == xy[n - 1]) {
      return new Ring(Arrays.copyOf(xy, n - 2));
    }
    return new Ring(xy);
  }

  /** An axis-aligned rectangle, clockwise on screen (y down). */
  public static Ring rectangle(double x, double y, double width, double height) {
    return new Ring(new double[] {x, y, x + width, y, x + width, y + height, x, y + height});
  }

  @Override
  public double[] xy() {
    return xy.clone();
  }

  public int size() {
    return xy.length / 2;
  }

  public double x(int i) {
    return xy[2 * i];
  }

  public double y(int i) {
    return xy[2 * i + 1];
  }

  /**
   * Shoelace area; positive when the ring runs clockwise on screen (y down), which is how {@link
   * ContourTracer} writes outer rings (holes come out negative).
   */
  public double signedArea() {
    double twice = 0;
    int n = size();
    for (int i = 0, j = n - 1; i < n; j = i++) {
      twice += xy[2 * j] * xy[2 * i + 1] - xy[2 * i] * xy[2 * j + 1];
    }
    return twice / 2;
  }

  public double area() {
    return Math.abs(signedArea());
  }

  /** Even-odd containment of a point (see {@link PointInPolygon}). */
  public boolean contains(double x, double y) {
    return PointInPolygon.inRing(xy, x, y);
  }

  /** The same ring with every vertex mapped to {@code (x * scale + dx, y * scale + dy)}. */
  public Ring transformed(double scale, double dx, double dy) {
    double[] out = new double[xy.length];
    for (int i = 0; i < xy.length; i += 2) {
      out[i] = xy[i] * scale + dx;
      out[i + 1] = xy[i + 1] * scale + dy;
    }
    return new Ring(out);
  }

  /** The same vertices in the opposite order. */
  public Ring reversed() {
    int n = size();
    double[] out = new double[xy.length];
    for (int i = 0; i < n; i++) {
      out[2 * i] = xy[2 * (n - 1 - i)];
      out[2 * i + 1] = xy[2 * (n - 1 - i) + 1];
    }
    return new Ring(out);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Ring ring && Arrays.equals(xy, ring.xy);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(xy);
  }

  @Override
  public String toString() {
    return "Ring" + Arrays.toString(xy);
  }
}
