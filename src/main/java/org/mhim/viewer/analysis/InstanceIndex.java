package org.mhim.viewer.analysis;

import java.util.Arrays;

/**
 * Finds instances by position without scanning them all: patches are bucketed on a uniform grid
 * of cells as large as the largest patch, so a patch overlaps at most the cell of its top-left
 * corner and the next cells right and down. Hovering and painting ask many small questions of
 * large bags; each touches only the few cells around it. Immutable and thread-safe.
 */
public final class InstanceIndex {

  private final Instances instances;
  private final long originX;
  private final long originY;
  private final long cell;
  private final int columns;
  private final int rows;
  /** Compressed rows: instances of cell k are {@code items[start[k] .. start[k+1])}, ascending. */
  private final int[] start;
  private final int[] items;

  public InstanceIndex(Instances instances) {
    this.instances = instances;
    int n = instances.size();
    long minX = Long.MAX_VALUE;
    long minY = Long.MAX_VALUE;
    long maxX = Long.MIN_VALUE;
    long maxY = Long.MIN_VALUE;
    long side = 1;
    for (int i = 0; i < n; i++) {
      minX = Math.min(minX, instances.x(i));
      minY = Math.min(minY, instances.y(i));
      maxX = Math.max(maxX, instances.x(i));
      maxY = Math.max(maxY, instances.y(i));
      side = Math.max(side, Math.max(instances.width(i), instances.height(i)));
    }
    if (n == 0) {
      minX = minY = maxX = maxY = 0;
    }
    this.originX = minX;
    this.originY = minY;
    this.cell = side;
    this.columns = Math.toIntExact((maxX - minX) / side + 1);
    this.rows = Math.toIntExact((maxY - minY) / side + 1);
    int cells = Math.multiplyExact(columns, rows);
    int[] counts = new int[cells + 1];
    int[] cellOf = new int[n];
    for (int i = 0; i < n; i++) {
      cellOf[i] = cellIndex(instances.x(i), instances.y(i));
      counts[cellOf[i] + 1]++;
    }
    for (int k = 0; k < cells; k++) {
      counts[k + 1] += counts[k];
    }
    this.start = counts.clone();
    this.items = new int[n];
    int[] next = Arrays.copyOf(counts, cells);
    for (int i = 0; i < n; i++) {
      items[next[cellOf[i]]++] = i; // i ascending, so each cell's list is ascending
    }
  }

  public Instances instances() {
    return instances;
  }

  /**
   * The instance whose patch contains level-0 point (x, y), or -1; where patches overlap, the one
   * drawn last (the highest index), as {@link Instances#instanceAt}.
   */
  public int instanceAt(double x, double y) {
    int best = -1;
    for (int i : within(x, y, Math.nextUp(x), Math.nextUp(y))) {
      if (x >= instances.x(i) && y >= instances.y(i)
          && x < (double) instances.x(i) + instances.width(i)
          && y < (double) instances.y(i) + instances.height(i)) {
        best = Math.max(best, i);
      }
    }
    return best;
  }

  /**
   * The instances whose patches intersect the level-0 rectangle [minX, maxX) × [minY, maxY),
   * ascending (the order they are drawn in).
   */
  public int[] within(double minX, double minY, double maxX, double maxY) {
    if (items.length == 0) {
      return new int[0];
    }
    // A patch starting one cell left of or above the rectangle may still reach into it.
    int c0 = clamp(Math.floorDiv((long) Math.floor(minX) - originX, cell) - 1, columns);
    int r0 = clamp(Math.floorDiv((long) Math.floor(minY) - originY, cell) - 1, rows);
    int c1 = clamp(Math.floorDiv((long) Math.floor(maxX) - originX, cell), columns);
    int r1 = clamp(Math.floorDiv((long) Math.floor(maxY) - originY, cell), rows);
    int[] found = new int[16];
    int count = 0;
    for (int r = r0; r <= r1; r++) {
      for (int c = c0; c <= c1; c++) {
        int k = r * columns + c;
        for (int j = start[k]; j < start[k + 1]; j++) {
          int i = items[j];
          if (instances.x(i) < maxX && instances.y(i) < maxY
              && (double) instances.x(i) + instances.width(i) > minX
              && (double) instances.y(i) + instances.height(i) > minY) {
            if (count == found.length) {
              found = Arrays.copyOf(found, count * 2);
            }
            found[count++] = i;
          }
        }
      }
    }
    int[] out = Arrays.copyOf(found, count);
    Arrays.sort(out);
    return out;
  }

  private int cellIndex(long x, long y) {
    return Math.toIntExact((y - originY) / cell * columns + (x - originX) / cell);
  }

  private static int clamp(long v, int size) {
    return Math.clamp(v, 0, size - 1);
  }
}
