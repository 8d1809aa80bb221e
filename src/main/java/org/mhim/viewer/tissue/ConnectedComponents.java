package org.mhim.viewer.tissue;

import java.util.Arrays;

/**
 * Labels the connected components of the set pixels of a raster.
 *
 * @param labels per pixel, row-major: 0 for unset pixels, else the component's label (1…count)
 * @param count number of components
 * @param areas pixels per component, indexed by label ({@code areas[0]} is unused)
 * @param touchesBorder whether a component reaches the raster's edge, indexed by label
 */
record ConnectedComponents(int[] labels, int count, int[] areas, boolean[] touchesBorder) {

  /** Which neighbours join pixels into one component. */
  enum Connectivity {
    /** Edge neighbours only. */
    FOUR,
    /** Edge and corner neighbours. */
    EIGHT
  }

  /** Labels the pixels whose byte equals {@code value} (1 for set pixels, 0 for background). */
  static ConnectedComponents label(
      byte[] pixels, int width, int height, int value, Connectivity connectivity) {
    int[] labels = new int[pixels.length];
    int[] queue = new int[pixels.length];
    int[] areas = new int[16];
    boolean[] border = new boolean[16];
    int count = 0;
    boolean eight = connectivity == Connectivity.EIGHT;
    for (int start = 0; start < pixels.length; start++) {
      if (pixels[start] != value || labels[start] != 0) {
        continue;
      }
      int label = ++count;
      if (label >= areas.length) {
        areas = Arrays.copyOf(areas, areas.length * 2);
        border = Arrays.copyOf(border, border.length * 2);
      }
      // Breadth-first flood fill; the queue never holds a pixel twice because it is labelled when queued.
      int head = 0;
      int tail = 0;
      queue[tail++] = start;
      labels[start] = label;
      int area = 0;
      boolean touches = false;
      while (head < tail) {
        int p = queue[head++];
        area++;
        int x = p % width;
        int y = p / width;
        if (x == 0 || y == 0 || x == width - 1 || y == height - 1) {
          touches = true;
        }
        boolean left = x > 0;
        boolean right = x < width - 1;
        boolean up = y > 0;
        boolean down = y < height - 1;
        if (left) {
          tail = visit(pixels, labels, queue, tail, p - 1, value, label);
        }
        if (right) {
          tail = visit(pixels, labels, queue, tail, p + 1, value, label);
        }
        if (up) {
          tail = visit(pixels, labels, queue, tail, p - width, value, label);
        }
        if (down) {
          tail = visit(pixels, labels, queue, tail, p + width, value, label);
        }
        if (eight) {
          if (up && left) {
            tail = visit(pixels, labels, queue, tail, p - width - 1, value, label);
          }
          if (up && right) {
            tail = visit(pixels, labels, queue, tail, p - width + 1, value, label);
          }
          if (down && left) {
            tail = visit(pixels, labels, queue, tail, p + width - 1, value, label);
          }
          if (down && right) {
            tail = visit(pixels, labels, queue, tail, p + width + 1, value, label);
          }
        }
      }
      areas[label] = area;
      border[label] = touches;
    }
    return new ConnectedComponents(
        labels,
        count,
        Arrays.copyOf(areas, count + 1),
        Arrays.copyOf(border, count + 1));
  }

  /** Labels and queues pixel q when it has the value and no label yet; returns the new tail. */
  private static int visit(byte[] pixels, int[] labels, int[] queue, int tail, int q, int value, int label) {
    if (pixels[q] == value && labels[q] == 0) {
      labels[q] = label;
      queue[tail++] = q;
    }
    return tail;
  }
}
