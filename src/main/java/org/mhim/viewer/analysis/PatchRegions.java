package org.mhim.viewer.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mhim.viewer.tissue.BinaryMask;
import org.mhim.viewer.tissue.ContourTracer;
import org.mhim.viewer.tissue.Polygon;
import org.mhim.viewer.tissue.Ring;

/**
 * Merges selected patches into polygons: patches sharing an edge become one polygon, enclosed
 * unselected areas become holes, patches touching only at a corner stay apart.
 *
 * <p>Touching patches are grouped first; each group is laid on a raster whose columns and rows
 * are its distinct patch edges (a compressed grid, so a regular 256-px grid costs one cell per
 * patch and overlapping or irregular patches are still exact), traced with the tissue package's
 * {@link ContourTracer}, and the cell corners mapped back to level-0 coordinates.
 */
public final class PatchRegions {

  /** Cells of one group's raster beyond which merging refuses (about 64 MB of mask). */
  static final long MAX_CELLS = 1L << 26;

  /** One merged region and the instances it covers. */
  public record Region(Polygon polygon, int[] instances) {
    public Region {
      instances = instances.clone();
    }

    @Override
    public int[] instances() {
      return instances.clone();
    }

    public int size() {
      return instances.length;
    }
  }

  private PatchRegions() {}

  /** Polygons in level-0 coordinates covering the instances for which {@code selected} is true. */
  public static List<Polygon> polygons(Instances instances, boolean[] selected) {
    return regions(instances, selected).stream().map(Region::polygon).toList();
  }

  /**
   * Merged regions with the instances each covers, ordered by their top-most, then left-most
   * patch.
   */
  public static List<Region> regions(Instances instances, boolean[] selected) {
    if (selected.length != instances.size()) {
      throw new IllegalArgumentException(
          "selection has " + selected.length + " flags for " + instances.size() + " instances");
    }
    List<Region> regions = new ArrayList<>();
    for (int[] group : TouchingPatches.groups(instances, chosen(selected))) {
      regions.addAll(merge(instances, group));
    }
    return regions;
  }

  /** Traces one group of touching patches on the raster of its own distinct edges. */
  private static List<Region> merge(Instances instances, int[] chosen) {
    if (chosen.length == 1) {
      int i = chosen[0];
      Ring patch = Ring.rectangle(instances.x(i), instances.y(i), instances.width(i), instances.height(i));
      return List.of(new Region(Polygon.of(patch), chosen));
    }
    long[] xs = edges(instances, chosen, true);
    long[] ys = edges(instances, chosen, false);
    int columns = xs.length - 1;
    int rows = ys.length - 1;
    if ((long) columns * rows > MAX_CELLS) {
      throw new IllegalArgumentException(
          "the " + chosen.length + " touching patches are too irregular to merge (" + columns + "×"
              + rows + " cells)");
    }
    byte[] cells = new byte[columns * rows];
    int[] firstCell = new int[chosen.length];
    for (int k = 0; k < chosen.length; k++) {
      int i = chosen[k];
      int c0 = Arrays.binarySearch(xs, instances.x(i));
      int c1 = Arrays.binarySearch(xs, (long) instances.x(i) + instances.width(i));
      int r0 = Arrays.binarySearch(ys, instances.y(i));
      int r1 = Arrays.binarySearch(ys, (long) instances.y(i) + instances.height(i));
      for (int r = r0; r < r1; r++) {
        Arrays.fill(cells, r * columns + c0, r * columns + c1, (byte) 1);
      }
      firstCell[k] = r0 * columns + c0;
    }
    List<Polygon> traced = ContourTracer.trace(BinaryMask.of(columns, rows, cells));
    int[] owner = ownerOfCells(traced, cells, columns, rows);
    List<List<Integer>> members = new ArrayList<>();
    for (int p = 0; p < traced.size(); p++) {
      members.add(new ArrayList<>());
    }
    for (int k = 0; k < chosen.length; k++) {
      members.get(owner[firstCell[k]]).add(chosen[k]);
    }
    List<Region> regions = new ArrayList<>(traced.size());
    for (int p = 0; p < traced.size(); p++) {
      int[] covered = members.get(p).stream().mapToInt(Integer::intValue).toArray();
      regions.add(new Region(toLevel0(traced.get(p), xs, ys), covered));
    }
    return regions;
  }

  private static int[] chosen(boolean[] selected) {
    int n = 0;
    for (boolean s : selected) {
      n += s ? 1 : 0;
    }
    int[] chosen = new int[n];
    for (int i = 0, k = 0; i < selected.length; i++) {
      if (selected[i]) {
        chosen[k++] = i;
      }
    }
    return chosen;
  }

  /** Sorted distinct left and right (or top and bottom) edges of the chosen patches. */
  private static long[] edges(Instances instances, int[] chosen, boolean horizontal) {
    long[] all = new long[2 * chosen.length];
    for (int k = 0; k < chosen.length; k++) {
      int i = chosen[k];
      long start = horizontal ? instances.x(i) : instances.y(i);
      all[2 * k] = start;
      all[2 * k + 1] = start + (horizontal ? instances.width(i) : instances.height(i));
    }
    return Arrays.stream(all).sorted().distinct().toArray();
  }

  /**
   * Which traced polygon each cell belongs to (-1 for none). The tracer makes one polygon per
   * 4-connected component and starts each exterior at the top-left corner of the component's first
   * cell in raster order, so flooding each polygon's component from that cell pairs them.
   */
  private static int[] ownerOfCells(List<Polygon> polygons, byte[] cells, int columns, int rows) {
    int[] owner = new int[cells.length];
    Arrays.fill(owner, -1);
    int[] queue = new int[cells.length];
    for (int p = 0; p < polygons.size(); p++) {
      Ring exterior = polygons.get(p).exterior();
      int start = (int) exterior.y(0) * columns + (int) exterior.x(0);
      if (cells[start] == 0 || owner[start] != -1) {
        throw new IllegalStateException("traced polygon " + p + " does not start on its own cell");
      }
      // Breadth-first over edge neighbours; a cell is claimed when queued, so never queued twice.
      int head = 0;
      int tail = 0;
      queue[tail++] = start;
      owner[start] = p;
      while (head < tail) {
        int cell = queue[head++];
        int cx = cell % columns;
        int cy = cell / columns;
        if (cx > 0) {
          tail = claim(cells, owner, queue, tail, cell - 1, p);
        }
        if (cx + 1 < columns) {
          tail = claim(cells, owner, queue, tail, cell + 1, p);
        }
        if (cy > 0) {
          tail = claim(cells, owner, queue, tail, cell - columns, p);
        }
        if (cy + 1 < rows) {
          tail = claim(cells, owner, queue, tail, cell + columns, p);
        }
      }
    }
    return owner;
  }

  private static int claim(byte[] cells, int[] owner, int[] queue, int tail, int cell, int p) {
    if (cells[cell] != 0 && owner[cell] == -1) {
      owner[cell] = p;
      queue[tail++] = cell;
    }
    return tail;
  }

  private static Polygon toLevel0(Polygon cellPolygon, long[] xs, long[] ys) {
    return new Polygon(
        toLevel0(cellPolygon.exterior(), xs, ys),
        cellPolygon.holes().stream().map(h -> toLevel0(h, xs, ys)).toList());
  }

  private static Ring toLevel0(Ring ring, long[] xs, long[] ys) {
    double[] xy = ring.xy();
    for (int v = 0; v < xy.length; v += 2) {
      xy[v] = xs[(int) xy[v]];
      xy[v + 1] = ys[(int) xy[v + 1]];
    }
    return new Ring(xy);
  }
}
