package org.mhim.viewer.tissue;

import java.util.Arrays;
import java.util.Collection;

/**
 * Rasterises polygons onto a grid: a grid pixel is set when its centre lies inside any polygon
 * (even-odd within a polygon, so holes stay empty). Grid pixel (i, j) has its centre at {@code
 * ((i + 0.5) * scale + offsetX, (j + 0.5) * scale + offsetY)} in polygon coordinates, so {@code
 * scale} is the polygon units per grid pixel (the downsample, for level-0 polygons on a mask).
 */
public final class PolygonRasterizer {

  private PolygonRasterizer() {}

  /** Rasterises at one polygon unit per pixel, grid origin at the polygon origin. */
  public static BinaryMask rasterize(Collection<Polygon> polygons, int width, int height) {
    return rasterize(polygons, width, height, 1.0, 0.0, 0.0);
  }

  public static BinaryMask rasterize(
      Collection<Polygon> polygons,
      int width,
      int height,
      double scale,
      double offsetX,
      double offsetY) {
    if (!(scale > 0)) {
      throw new IllegalArgumentException("scale must be positive, got " + scale);
    }
    byte[] bits = new byte[Math.multiplyExact(width, height)];
    double[] crossings = new double[64];
    for (Polygon polygon : polygons) {
      double[] bounds = polygon.bounds();
      int rowFrom = Math.max(0, (int) Math.floor((bounds[1] - offsetY) / scale - 0.5));
      int rowTo = Math.min(height - 1, (int) Math.ceil((bounds[3] - offsetY) / scale - 0.5));
      for (int j = rowFrom; j <= rowTo; j++) {
        double yc = (j + 0.5) * scale + offsetY;
        int count = 0;
        crossings = ensure(crossings, polygon, yc);
        count = addCrossings(polygon.exterior(), yc, crossings, count);
        for (Ring hole : polygon.holes()) {
          count = addCrossings(hole, yc, crossings, count);
        }
        Arrays.sort(crossings, 0, count);
        for (int k = 0; k + 1 < count; k += 2) {
          // Centres in [a, b) are inside, the same half-open rule as PointInPolygon.
          int from = (int) Math.ceil((crossings[k] - offsetX) / scale - 0.5);
          int to = (int) Math.ceil((crossings[k + 1] - offsetX) / scale - 0.5);
          from = Math.max(from, 0);
          to = Math.min(to, width);
          int row = j * width;
          for (int i = from; i < to; i++) {
            bits[row + i] = 1;
          }
        }
      }
    }
    return BinaryMask.of(width, height, bits);
  }

  private static double[] ensure(double[] crossings, Polygon polygon, double yc) {
    int vertices = polygon.exterior().size();
    for (Ring hole : polygon.holes()) {
      vertices += hole.size();
    }
    return crossings.length >= vertices ? crossings : new double[vertices];
  }

  private static int addCrossings(Ring ring, double yc, double[] out, int count) {
    int n = ring.size();
    for (int i = 0, j = n - 1; i < n; j = i++) {
      double yi = ring.y(i);
      double yj = ring.y(j);
      if ((yi > yc) != (yj > yc)) {
        double xi = ring.x(i);
        out[count++] = xi + (yc - yi) * (ring.x(j) - xi) / (yj - yi);
      }
    }
    return count;
  }
}
