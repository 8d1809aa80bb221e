package org.mhim.viewer.tissue;

import java.util.Collection;

/** Point-in-polygon by ray casting (even-odd rule), half-open so shared edges count once. */
public final class PointInPolygon {

  private PointInPolygon() {}

  /** Whether {@code (x, y)} lies inside the ring given as interleaved coordinates. */
  static boolean inRing(double[] xy, double x, double y) {
    boolean inside = false;
    int n = xy.length / 2;
    for (int i = 0, j = n - 1; i < n; j = i++) {
      double xi = xy[2 * i];
      double yi = xy[2 * i + 1];
      double xj = xy[2 * j];
      double yj = xy[2 * j + 1];
      if ((yi > y) != (yj > y)) {
        double crossX = xi + (y - yi) * (xj - xi) / (yj - yi);
        if (x < crossX) {
          inside = !inside;
        }
      }
    }
    return inside;
  }

  /** Inside the exterior and in no hole. */
  public static boolean inPolygon(Polygon polygon, double x, double y) {
    if (!polygon.exterior().contains(x, y)) {
      return false;
    }
    for (Ring hole : polygon.holes()) {
      if (hole.contains(x, y)) {
        return false;
      }
    }
    return true;
  }

  /** Inside any of the polygons. */
  public static boolean inAny(Collection<Polygon> polygons, double x, double y) {
    for (Polygon polygon : polygons) {
      if (inPolygon(polygon, x, y)) {
        return true;
      }
    }
    return false;
  }
}
