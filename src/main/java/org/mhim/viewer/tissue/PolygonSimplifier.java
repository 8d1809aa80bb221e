package org.mhim.viewer.tissue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Douglas–Peucker simplification of rings: drops vertices that lie within {@code tolerance} of the
 * line through their kept neighbours. Turns the pixel staircases of traced contours into smooth
 * outlines with far fewer vertices. Rings are simplified one by one, so with a tolerance well below
 * the gaps between rings (about a pixel for traced masks) they stay apart.
 */
public final class PolygonSimplifier {

  private PolygonSimplifier() {}

  public static Polygon simplify(Polygon polygon, double tolerance) {
    List<Ring> holes = new ArrayList<>(polygon.holes().size());
    for (Ring hole : polygon.holes()) {
      holes.add(simplify(hole, tolerance));
    }
    return new Polygon(simplify(polygon.exterior(), tolerance), holes);
  }

  /** The ring with its redundant vertices dropped; never fewer than 3 vertices. */
  public static Ring simplify(Ring ring, double tolerance) {
    int n = ring.size();
    if (tolerance <= 0 || n <= 3) {
      return ring;
    }
    // Split the closed ring at vertex 0 and the vertex farthest from it, simplify both chains.
    int far = 0;
    double best = -1;
    for (int i = 1; i < n; i++) {
      double d = Math.hypot(ring.x(i) - ring.x(0), ring.y(i) - ring.y(0));
      if (d > best) {
        best = d;
        far = i;
      }
    }
    boolean[] keep = new boolean[n + 1];
    keep[0] = true;
    keep[far] = true;
    keep[n] = true;
    mark(ring, 0, far, tolerance * tolerance, keep);
    mark(ring, far, n, tolerance * tolerance, keep);
    int kept = 0;
    for (int i = 0; i < n; i++) {
      if (keep[i]) {
        kept++;
      }
    }
    if (kept < 3) {
      return ring;
    }
    double[] xy = new double[2 * kept];
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (keep[i]) {
        xy[k++] = ring.x(i);
        xy[k++] = ring.y(i);
      }
    }
    return new Ring(xy);
  }

  /** Marks the vertices to keep strictly between {@code from} and {@code to} (index n is vertex 0). */
  private static void mark(Ring ring, int from, int to, double toleranceSquared, boolean[] keep) {
    // An explicit stack: traced outlines can have tens of thousands of vertices.
    ArrayDeque<int[]> stack = new ArrayDeque<>();
    stack.push(new int[] {from, to});
    int n = ring.size();
    while (!stack.isEmpty()) {
      int[] span = stack.pop();
      int a = span[0];
      int b = span[1];
      if (b - a < 2) {
        continue;
      }
      double ax = ring.x(a % n);
      double ay = ring.y(a % n);
      double bx = ring.x(b % n);
      double by = ring.y(b % n);
      int worst = -1;
      double worstDistance = toleranceSquared;
      for (int i = a + 1; i < b; i++) {
        double d = distanceSquared(ring.x(i), ring.y(i), ax, ay, bx, by);
        if (d > worstDistance) {
          worstDistance = d;
          worst = i;
        }
      }
      if (worst >= 0) {
        keep[worst] = true;
        stack.push(new int[] {a, worst});
        stack.push(new int[] {worst, b});
      }
    }
  }

  private static double distanceSquared(
      double px, double py, double ax, double ay, double bx, double by) {
    double dx = bx - ax;
    double dy = by - ay;
    double lengthSquared = dx * dx + dy * dy;
    double t = lengthSquared == 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / lengthSquared;
    t = Math.clamp(t, 0, 1);
    double ex = ax + t * dx - px;
    double ey = ay + t * dy - py;
    return ex * ex + ey * ey;
  }
}
