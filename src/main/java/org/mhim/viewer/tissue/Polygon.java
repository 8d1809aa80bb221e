package org.mhim.viewer.tissue;

import java.util.List;

/**
 * A polygon with holes: one exterior ring and any number of hole rings, as in GeoJSON. A point is
 * inside when it is inside the exterior and inside no hole.
 */
public record Polygon(Ring exterior, List<Ring> holes) {

  public Polygon {
    holes = List.copyOf(holes);
  }

  public static Polygon of(Ring exterior) {
    return new Polygon(exterior, List.of());
  }

  /** Area of the exterior less the holes. */
  public double area() {
    double area = exterior.area();
    for (Ring hole : holes) {
      area -= hole.area();
    }
    return area;
  }

  public boolean contains(double x, double y) {
    return PointInPolygon.inPolygon(this, x, y);
  }

  /** Bounding box as {@code {minX, minY, maxX, maxY}}. */
  public double[] bounds() {
    double minX = Double.POSITIVE_INFINITY;
    double minY = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < exterior.size(); i++) {
      minX = Math.min(minX, exterior.x(i));
      maxX = Math.max(maxX, exterior.x(i));
      minY = Math.min(minY, exterior.y(i));
      maxY = Math.max(maxY, exterior.y(i));
    }
    return new double[] {minX, minY, maxX, maxY};
  }

  /** Every ring mapped to {@code (x * scale + dx, y * scale + dy)}. */
  public Polygon transformed(double scale, double dx, double dy) {
    return new Polygon(
        exterior.transformed(scale, dx, dy),
        holes.stream().map(h -> h.transformed(scale, dx, dy)).toList());
  }
}
