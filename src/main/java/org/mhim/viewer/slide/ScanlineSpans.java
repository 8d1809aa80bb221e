package org.mhim.viewer.slide;

import java.util.Arrays;
import java.util.List;

/**
 * Which pixels of a band of rows lie inside a set of polygons, row by row, as sorted half-open
 * column intervals. A pixel is inside when its centre is (even-odd rule), the same test as {@link
 * SlidePolygon#contains}, so what is painted is exactly what the polygons say.
 */
final class ScanlineSpans {

  private static final int[] NONE = new int[0];

  private final long firstRow;
  private final int[][] rows; // per row: start0, end0, start1, end1, … (ends exclusive)

  private ScanlineSpans(long firstRow, int[][] rows) {
    this.firstRow = firstRow;
    this.rows = rows;
  }

  /** Spans of {@code polygons} (which must not overlap) for rows {@code [firstRow, firstRow + count)}. */
  static ScanlineSpans of(List<SlidePolygon> polygons, long firstRow, int count) {
    int[][] rows = new int[count][];
    double[] crossings = new double[16];
    double[] minY = polygons.stream().mapToDouble(SlidePolygon::minY).toArray();
    double[] maxY = polygons.stream().mapToDouble(SlidePolygon::maxY).toArray();
    for (int r = 0; r < count; r++) {
      double centre = firstRow + r + 0.5;
      int n = 0;
      for (int p = 0; p < polygons.size(); p++) {
        if (centre < minY[p] || centre > maxY[p]) {
          continue;
        }
        SlidePolygon polygon = polygons.get(p);
        for (int i = 0, j = polygon.size() - 1; i < polygon.size(); j = i++) {
          double yi = polygon.y(i);
          double yj = polygon.y(j);
          if ((yi <= centre) != (yj <= centre)) {
            if (n == crossings.length) {
              crossings = Arrays.copyOf(crossings, n * 2);
            }
            crossings[n++] =
                polygon.x(i) + (centre - yi) * (polygon.x(j) - polygon.x(i)) / (yj - yi);
          }
        }
      }
      if (n == 0) {
        rows[r] = NONE;
        continue;
      }
      Arrays.sort(crossings, 0, n);
      int[] spans = new int[n];
      for (int k = 0; k < n; k++) {
        // Pixel x is inside when x + 0.5 lies between an entering and a leaving crossing.
        spans[k] = (int) Math.ceil(crossings[k] - 0.5);
      }
      rows[r] = spans;
    }
    return new ScanlineSpans(firstRow, rows);
  }

  /** The spans of row {@code y}: pairs of [start, end) columns; empty outside the band. */
  int[] row(long y) {
    long r = y - firstRow;
    return r < 0 || r >= rows.length ? NONE : rows[(int) r];
  }

  /** Whether pixel (x, y) is inside. */
  boolean contains(long x, long y) {
    int[] spans = row(y);
    for (int k = 0; k + 1 < spans.length; k += 2) {
      if (x < spans[k]) {
        return false;
      }
      if (x < spans[k + 1]) {
        return true;
      }
    }
    return false;
  }

  /** Whether any row of the band has a span reaching into columns {@code [x0, x1)}. */
  boolean touches(long x0, long x1) {
    for (int[] spans : rows) {
      for (int k = 0; k + 1 < spans.length; k += 2) {
        if (spans[k] < x1 && spans[k + 1] > x0) {
          return true;
        }
      }
    }
    return false;
  }
}
