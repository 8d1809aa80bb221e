package org.mhim.viewer.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mhim.viewer.tissue.Polygon;
import org.mhim.viewer.tissue.Ring;

class PatchRegionsTest {

  private static final int P = 256;

  /** Patches at grid cells (column, row) of a 256-px grid, offset to show level-0 mapping. */
  private static Instances grid(int[][] cells) {
    int n = cells.length;
    int[] x = new int[n];
    int[] y = new int[n];
    int[] size = new int[n];
    for (int i = 0; i < n; i++) {
      x[i] = 1000 + cells[i][0] * P;
      y[i] = 2000 + cells[i][1] * P;
      size[i] = P;
    }
    int[] ranks = new int[n];
    Arrays.fill(ranks, -1);
    return new Instances(1, x, y, size, size.clone(), new float[n][1], new float[n], new float[n], ranks);
  }

  private static boolean[] all(int n) {
    boolean[] selected = new boolean[n];
    Arrays.fill(selected, true);
    return selected;
  }

  @Test
  void aTwoByTwoBlockAndASeparatePatchMakeTwoPolygons() {
    Instances in = grid(new int[][] {{0, 0}, {1, 0}, {0, 1}, {1, 1}, {4, 3}});
    List<PatchRegions.Region> regions = PatchRegions.regions(in, all(5));
    assertEquals(2, regions.size());
    Polygon block = regions.get(0).polygon();
    assertEquals(Ring.rectangle(1000, 2000, 2 * P, 2 * P), block.exterior());
    assertTrue(block.holes().isEmpty());
    assertArrayEquals(new int[] {0, 1, 2, 3}, regions.get(0).instances());
    assertEquals(Ring.rectangle(1000 + 4 * P, 2000 + 3 * P, P, P), regions.get(1).polygon().exterior());
    assertArrayEquals(new int[] {4}, regions.get(1).instances());
  }

  @Test
  void aRingOfPatchesIsAPolygonWithAHole() {
    List<int[]> cells = new ArrayList<>();
    for (int row = 0; row < 3; row++) {
      for (int col = 0; col < 3; col++) {
        if (row != 1 || col != 1) {
          cells.add(new int[] {col, row});
        }
      }
    }
    Instances in = grid(cells.toArray(int[][]::new));
    List<Polygon> polygons = PatchRegions.polygons(in, all(in.size()));
    assertEquals(1, polygons.size());
    Polygon ring = polygons.getFirst();
    assertEquals(1, ring.holes().size());
    assertEquals(9.0 * P * P - P * P, ring.area(), 1e-6);
    assertEquals(P * (double) P, ring.holes().getFirst().area(), 1e-6);
    assertTrue(ring.contains(1000 + 0.5 * P, 2000 + 0.5 * P));
    assertTrue(!ring.contains(1000 + 1.5 * P, 2000 + 1.5 * P), "the centre is the hole");
  }

  @Test
  void patchesTouchingAtACornerStayApartAndUnselectedOnesAreLeftOut() {
    Instances in = grid(new int[][] {{0, 0}, {1, 1}, {2, 0}});
    assertEquals(3, PatchRegions.polygons(in, all(3)).size());
    List<PatchRegions.Region> one = PatchRegions.regions(in, new boolean[] {false, true, false});
    assertEquals(1, one.size());
    assertArrayEquals(new int[] {1}, one.getFirst().instances());
    assertTrue(PatchRegions.regions(in, new boolean[3]).isEmpty());
  }

  @Test
  void overlappingPatchesMergeExactly() {
    // Stride 128 with 256-px patches: the union of three is a 512 × 256 rectangle.
    int[] size = {256, 256, 256};
    Instances in =
        new Instances(1, new int[] {0, 128, 256}, new int[] {0, 0, 0}, size, size.clone(),
            new float[3][1], new float[3], new float[3], new int[] {-1, -1, -1});
    List<PatchRegions.Region> regions = PatchRegions.regions(in, all(3));
    assertEquals(1, regions.size());
    assertEquals(Ring.rectangle(0, 0, 512, 256), regions.getFirst().polygon().exterior());
    assertEquals(3, regions.getFirst().size());
  }

  private static Instances patches(int[][] xywh) {
    int n = xywh.length;
    int[] x = new int[n];
    int[] y = new int[n];
    int[] w = new int[n];
    int[] h = new int[n];
    for (int i = 0; i < n; i++) {
      x[i] = xywh[i][0];
      y[i] = xywh[i][1];
      w[i] = xywh[i][2];
      h[i] = xywh[i][3];
    }
    int[] ranks = new int[n];
    Arrays.fill(ranks, -1);
    return new Instances(1, x, y, w, h, new float[n][1], new float[n], new float[n], ranks);
  }

  @Test
  void gridsWithDifferentOffsetsMergeWhereTheyTouch() {
    // Left piece on a grid at offset 0; right piece on a grid shifted by (512, 100), touching it
    // along x = 512 for 412 px; a third piece far away on yet another offset.
    Instances in =
        patches(new int[][] {
          {0, 0, 256, 256}, {256, 0, 256, 256},
          {512, 100, 256, 256},
          {5037, 3011, 256, 256}, {5293, 3011, 256, 256}
        });
    List<PatchRegions.Region> regions = PatchRegions.regions(in, all(5));
    assertEquals(2, regions.size());
    assertArrayEquals(new int[] {0, 1, 2}, regions.get(0).instances());
    assertEquals(3.0 * 256 * 256, regions.get(0).polygon().area(), 1e-6);
    assertEquals(Ring.rectangle(5037, 3011, 512, 256), regions.get(1).polygon().exterior());
  }

  @Test
  void anIslandInAHoleIsItsOwnPolygon() {
    List<int[]> cells = new ArrayList<>();
    for (int row = 0; row < 5; row++) {
      for (int col = 0; col < 5; col++) {
        if (row == 0 || row == 4 || col == 0 || col == 4 || (row == 2 && col == 2)) {
          cells.add(new int[] {col, row});
        }
      }
    }
    Instances in = grid(cells.toArray(int[][]::new));
    List<PatchRegions.Region> regions = PatchRegions.regions(in, all(in.size()));
    assertEquals(2, regions.size());
    assertEquals(1, regions.get(0).polygon().holes().size());
    assertEquals(16, regions.get(0).size());
    assertEquals(1, regions.get(1).size());
    assertEquals(Ring.rectangle(1000 + 2 * P, 2000 + 2 * P, P, P), regions.get(1).polygon().exterior());
  }

  @Test
  void thousandsOfScatteredPatchesOnIrregularCoordinatesStaySeparate() {
    int n = 5000;
    int[][] xywh = new int[n][];
    for (int i = 0; i < n; i++) {
      xywh[i] = new int[] {i * 301 + (i % 7), i * 257 + (i % 5), 256, 256};
    }
    List<PatchRegions.Region> regions = PatchRegions.regions(patches(xywh), all(n));
    assertEquals(n, regions.size());
    assertEquals(Ring.rectangle(301 + 1, 257 + 1, 256, 256), regions.get(1).polygon().exterior());
  }
}
