package org.mhim.viewer.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups patches that touch along an edge or overlap (corner contact alone does not join, as in
 * 4-connected tracing). Lets {@link PatchRegions} rasterise each group on its own small grid:
 * patches from grids with different offsets (CLAM starts a grid per tissue piece) would otherwise
 * multiply the distinct edges of one shared raster.
 */
final class TouchingPatches {

  private TouchingPatches() {}

  /**
   * The groups among {@code chosen} instance indices, each sorted, ordered by their top-most then
   * left-most patch.
   */
  static List<int[]> groups(Instances in, int[] chosen) {
    int n = chosen.length;
    long bucket = 1;
    for (int i : chosen) {
      bucket = Math.max(bucket, Math.max(in.width(i), in.height(i)));
    }
    // A patch touching another has its top-left within one patch size of the other's, so it lies
    // in one of the 3 × 3 buckets around it.
    Map<Long, List<Integer>> buckets = new HashMap<>();
    for (int k = 0; k < n; k++) {
      buckets.computeIfAbsent(key(in, chosen[k], bucket, 0, 0), b -> new ArrayList<>()).add(k);
    }
    int[] parent = new int[n];
    for (int k = 0; k < n; k++) {
      parent[k] = k;
    }
    for (int k = 0; k < n; k++) {
      for (int dy = -1; dy <= 1; dy++) {
        for (int dx = -1; dx <= 1; dx++) {
          for (int other : buckets.getOrDefault(key(in, chosen[k], bucket, dx, dy), List.of())) {
            if (other > k && touch(in, chosen[k], chosen[other])) {
              union(parent, k, other);
            }
          }
        }
      }
    }
    Map<Integer, List<Integer>> members = new HashMap<>();
    for (int k = 0; k < n; k++) {
      members.computeIfAbsent(find(parent, k), r -> new ArrayList<>()).add(chosen[k]);
    }
    List<int[]> groups = new ArrayList<>();
    for (List<Integer> group : members.values()) {
      int[] indices = group.stream().mapToInt(Integer::intValue).toArray();
      Arrays.sort(indices);
      groups.add(indices);
    }
    groups.sort(Comparator.comparingLong((int[] g) -> topLeft(in, g)[0]).thenComparingLong(g -> topLeft(in, g)[1]));
    return groups;
  }

  /** Whether two patches share an edge segment of positive length or overlap. */
  static boolean touch(Instances in, int a, int b) {
    long overlapX =
        Math.min((long) in.x(a) + in.width(a), (long) in.x(b) + in.width(b)) - Math.max(in.x(a), in.x(b));
    long overlapY =
        Math.min((long) in.y(a) + in.height(a), (long) in.y(b) + in.height(b)) - Math.max(in.y(a), in.y(b));
    return (overlapX > 0 && overlapY >= 0) || (overlapX >= 0 && overlapY > 0);
  }

  private static long key(Instances in, int i, long bucket, int dx, int dy) {
    long bx = Math.floorDiv(in.x(i), bucket) + dx;
    long by = Math.floorDiv(in.y(i), bucket) + dy;
    return bx * 0x9E3779B97F4A7C15L ^ by;
  }

  /** {@code {y, x}} of the group's top-most, then left-most patch corner. */
  private static long[] topLeft(Instances in, int[] group) {
    long y = Long.MAX_VALUE;
    long x = Long.MAX_VALUE;
    for (int i : group) {
      if (in.y(i) < y || (in.y(i) == y && in.x(i) < x)) {
        y = in.y(i);
        x = in.x(i);
      }
    }
    return new long[] {y, x};
  }

  private static int find(int[] parent, int k) {
    while (parent[k] != k) {
      parent[k] = parent[parent[k]];
      k = parent[k];
    }
    return k;
  }

  private static void union(int[] parent, int a, int b) {
    int ra = find(parent, a);
    int rb = find(parent, b);
    if (ra != rb) {
      parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }
}
