package org.mhim.viewer.tissue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Traces the set pixels of a binary mask into polygons with holes, following pixel edges (crack
 * following), so the polygons cover exactly the set pixels: pixel (x, y) is the square [x, x+1] ×
 * [y, y+1], and rasterising the result at pixel centres gives the mask back.
 *
 * <p>Set pixels form one polygon per 4-connected component (pixels touching only at a corner are
 * separate polygons); holes are the background regions a component encloses. Outer rings run
 * clockwise on screen (positive {@link Ring#signedArea()} with y down), holes the other way. Only
 * corner vertices are written, so a rectangle is four vertices.
 */
public final class ContourTracer {

  // Directions, clockwise on screen: east, south, west, north.
  private static final int[] DX = {1, 0, -1, 0};
  private static final int[] DY = {0, 1, 0, -1};
  // Right, straight, left: preferring right keeps corner-touching pixels in separate rings.
  private static final int[] TURNS = {1, 0, 3};

  private ContourTracer() {}

  /** Polygons in mask pixel coordinates, in the order their top-left pixel appears (row-major). */
  public static List<Polygon> trace(BinaryMask mask) {
    int width = mask.width();
    int height = mask.height();
    byte[] bits = mask.toBytes();
    ConnectedComponents components =
        ConnectedComponents.label(bits, width, height, 1, ConnectedComponents.Connectivity.FOUR);
    Map<Integer, Ring> exteriors = new LinkedHashMap<>();
    Map<Integer, List<Ring>> holes = new LinkedHashMap<>();
    // Every ring has a horizontal edge, so starting only from horizontal edges finds them all.
    boolean[] visited = new boolean[(height + 1) * width];
    for (int y = 0; y <= height; y++) {
      for (int x = 0; x < width; x++) {
        if (visited[y * width + x]) {
          continue;
        }
        boolean above = set(bits, width, height, x, y - 1);
        boolean below = set(bits, width, height, x, y);
        if (above == below) {
          continue;
        }
        Ring ring;
        int label;
        if (below) {
          ring = follow(bits, width, height, visited, x, y, 0);
          label = components.labels()[y * width + x];
        } else {
          ring = follow(bits, width, height, visited, x + 1, y, 2);
          label = components.labels()[(y - 1) * width + x];
        }
        if (ring.signedArea() > 0) {
          exteriors.put(label, ring);
        } else {
          holes.computeIfAbsent(label, l -> new ArrayList<>()).add(ring);
        }
      }
    }
    List<Polygon> polygons = new ArrayList<>(exteriors.size());
    for (Map.Entry<Integer, Ring> entry : exteriors.entrySet()) {
      polygons.add(new Polygon(entry.getValue(), holes.getOrDefault(entry.getKey(), List.of())));
    }
    return polygons;
  }

  /**
   * Walks pixel edges with the set pixel on the right, from vertex (x, y) heading {@code dir}, until
   * the start edge comes round again. At a saddle (two set pixels meeting at a corner) it turns
   * right, hugging the pixel it is following, which keeps diagonal neighbours apart.
   */
  private static Ring follow(
      byte[] bits, int width, int height, boolean[] visited, int startX, int startY, int startDir) {
    double[] xy = new double[16];
    int n = 0;
    int x = startX;
    int y = startY;
    int dir = startDir;
    int previousDir = -1;
    do {
      if (dir != previousDir) {
        if (n + 2 > xy.length) {
          xy = Arrays.copyOf(xy, xy.length * 2);
        }
        xy[n++] = x;
        xy[n++] = y;
      }
      if (dir == 0) {
        visited[y * width + x] = true;
      } else if (dir == 2) {
        visited[y * width + x - 1] = true;
      }
      x += DX[dir];
      y += DY[dir];
      previousDir = dir;
      dir = nextDirection(bits, width, height, x, y, dir);
    } while (x != startX || y != startY || dir != startDir);
    // The walk may have started mid-side (a hole's top edge); then the start is no corner.
    int from = previousDir == startDir ? 2 : 0;
    return new Ring(Arrays.copyOfRange(xy, from, n));
  }

  private static int nextDirection(byte[] bits, int width, int height, int x, int y, int dir) {
    for (int turn : TURNS) {
      int candidate = (dir + turn) & 3;
      if (edgeLeaves(bits, width, height, x, y, candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("contour broken at vertex (" + x + ", " + y + ")");
  }

  /** Whether a boundary edge with the set pixel on its right leaves vertex (x, y) heading dir. */
  private static boolean edgeLeaves(byte[] bits, int width, int height, int x, int y, int dir) {
    return switch (dir) {
      case 0 -> set(bits, width, height, x, y) && !set(bits, width, height, x, y - 1);
      case 1 -> set(bits, width, height, x - 1, y) && !set(bits, width, height, x, y);
      case 2 -> set(bits, width, height, x - 1, y - 1) && !set(bits, width, height, x - 1, y);
      default -> set(bits, width, height, x, y - 1) && !set(bits, width, height, x - 1, y - 1);
    };
  }

  private static boolean set(byte[] bits, int width, int height, int x, int y) {
    return x >= 0 && y >= 0 && x < width && y < height && bits[y * width + x] != 0;
  }
}
