package org.mhim.viewer.ui;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.mhim.viewer.slide.ArgbImage;
import org.mhim.viewer.slide.SlideLevel;
import org.mhim.viewer.slide.SlideMetadata;
import org.mhim.viewer.slide.TileKey;

/**
 * Resamples one pyramid level's loaded tiles into a screen-sized frame of premultiplied ARGB
 * pixels: nearest neighbour (fast, for frames drawn while the view moves or beyond full
 * resolution) or bilinear (at rest). Frame pixel (px, py) shows the level-0 point at its centre,
 * {@code (originX + (px + ½)·downsample, originY + (py + ½)·downsample)}, so a frame whose
 * downsample equals the level's and whose origin falls on a level pixel copies pixels exactly.
 *
 * <p>Not thread-safe: it keeps its lookup tables between frames; one composer thread owns it.
 */
final class TileCompositor {

  private final TileGrid grid;
  // Per frame column: the tile column and in-tile x of the left and right sample, and the weight
  // of the right one (0–256). Reused between frames to keep composing allocation-free.
  private int[] col0 = new int[0];
  private int[] col1 = new int[0];
  private int[] x0 = new int[0];
  private int[] x1 = new int[0];
  private int[] wx = new int[0];

  TileCompositor(TileGrid grid) {
    this.grid = grid;
  }

  /**
   * Paints the loaded tiles of {@code level} into frame columns {@code [fromX, toX)} and rows
   * {@code [fromY, toY)} of {@code frame} ({@code width × height}, row major). Pixels whose tile is
   * not loaded, and pixels outside the slide, are left as they were.
   */
  void paintLevel(
      int[] frame,
      int width,
      int height,
      double originX,
      double originY,
      double downsample,
      int level,
      Function<TileKey, ArgbImage> tiles,
      boolean smooth,
      int fromX,
      int fromY,
      int toX,
      int toY) {
    SlideLevel l = grid.metadata().level(level);
    double step = downsample / l.downsample(); // level pixels per frame pixel
    double u0 = originX / l.downsample();
    double v0 = originY / l.downsample();
    int ts = grid.tileSize();
    // The frame columns and rows whose centres lie on this level.
    int pxFrom = Math.max(fromX, (int) Math.ceil((0 - u0) / step - 0.5));
    int pxTo = Math.min(toX, (int) Math.ceil((l.width() - u0) / step - 0.5));
    int pyFrom = Math.max(fromY, (int) Math.ceil((0 - v0) / step - 0.5));
    int pyTo = Math.min(toY, (int) Math.ceil((l.height() - v0) / step - 0.5));
    if (pxFrom >= pxTo || pyFrom >= pyTo) {
      return;
    }
    prepareColumns(width, pxFrom, pxTo, u0, step, l.width(), ts, smooth);
    int colMin = col0[pxFrom];
    int colMax = col1[pxTo - 1];
    int rowMin = rowTile(pyFrom, v0, step, l.height(), ts, smooth, false);
    int rowMax = rowTile(pyTo - 1, v0, step, l.height(), ts, smooth, true);
    ArgbImage[][] loaded = new ArgbImage[rowMax - rowMin + 1][colMax - colMin + 1];
    boolean any = false;
    for (int r = rowMin; r <= rowMax; r++) {
      for (int c = colMin; c <= colMax; c++) {
        ArgbImage tile = tiles.apply(grid.tile(level, c, r).key());
        loaded[r - rowMin][c - colMin] = tile;
        any |= tile != null;
      }
    }
    if (!any) {
      return;
    }
    for (int py = pyFrom; py < pyTo; py++) {
      double v = v0 + (py + 0.5) * step;
      int out = py * width;
      if (smooth) {
        double t = v - 0.5;
        long j0 = (long) Math.floor(t);
        int wy = (int) ((t - j0) * 256);
        long j1 = Math.min(j0 + 1, l.height() - 1);
        j0 = Math.max(j0, 0);
        ArgbImage[] top = loaded[(int) (j0 / ts) - rowMin];
        ArgbImage[] bottom = loaded[(int) (j1 / ts) - rowMin];
        int ty = (int) (j0 % ts);
        int by = (int) (j1 % ts);
        bilinearRow(frame, out, pxFrom, pxTo, colMin, top, ty, bottom, by, wy);
      } else {
        long j = Math.clamp((long) Math.floor(v), 0, l.height() - 1);
        ArgbImage[] row = loaded[(int) (j / ts) - rowMin];
        int y = (int) (j % ts);
        for (int px = pxFrom; px < pxTo; px++) {
          ArgbImage tile = row[col0[px] - colMin];
          if (tile != null) {
            frame[out + px] = tile.pixels()[y * tile.width() + x0[px]];
          }
        }
      }
    }
  }

  /**
   * Paints frame columns {@code [fromX, toX)} and rows {@code [fromY, toY)} writing each pixel
   * once: from {@code target} where that level's tile under the pixel is loaded, else from the next
   * coarser level that has it, up to {@code coarsest}, else {@code background}. The same pixels as
   * filling the rectangle with {@code background} and painting every level from {@code coarsest}
   * down to {@code target} over it, without painting the coarse levels under the fine tiles (which
   * during a zoom in is most of the frame, several times over).
   */
  void paintFinest(
      int[] frame,
      int width,
      int height,
      double originX,
      double originY,
      double downsample,
      int target,
      int coarsest,
      Function<TileKey, ArgbImage> tiles,
      boolean smooth,
      int background,
      int fromX,
      int fromY,
      int toX,
      int toY) {
    if (fromX >= toX || fromY >= toY) {
      return;
    }
    if (target > coarsest) {
      for (int y = fromY; y < toY; y++) {
        Arrays.fill(frame, y * width + fromX, y * width + toX, background);
      }
      return;
    }
    SlideLevel l = grid.metadata().level(target);
    double step = downsample / l.downsample();
    int[] cols = tileRuns(fromX, toX, originX / l.downsample(), step, l.width(), smooth);
    int[] rows = tileRuns(fromY, toY, originY / l.downsample(), step, l.height(), smooth);
    for (int ri = 0; ri < rows.length; ri += 2) {
      int y0 = rows[ri];
      int y1 = ri + 2 < rows.length ? rows[ri + 2] : toY;
      long row = rows[ri + 1];
      // Runs of loaded tiles are painted from this level, runs of missing ones from coarser levels;
      // each in one call over the whole run.
      int runFrom = fromX;
      boolean runLoaded = false;
      for (int ci = 0; ci < cols.length; ci += 2) {
        int x0 = cols[ci];
        long col = cols[ci + 1];
        boolean loaded = row >= 0 && col >= 0 && tiles.apply(grid.tile(target, col, row).key()) != null;
        if (ci > 0 && loaded != runLoaded) {
          paintRun(frame, width, height, originX, originY, downsample, target, coarsest, tiles, smooth, background,
              runLoaded, runFrom, y0, x0, y1);
          runFrom = x0;
        }
        runLoaded = loaded;
      }
      paintRun(frame, width, height, originX, originY, downsample, target, coarsest, tiles, smooth, background,
          runLoaded, runFrom, y0, toX, y1);
    }
  }

  private void paintRun(int[] frame, int width, int height, double originX, double originY, double downsample,
      int level, int coarsest, Function<TileKey, ArgbImage> tiles, boolean smooth, int background,
      boolean loaded, int x0, int y0, int x1, int y1) {
    if (loaded) {
      paintLevel(frame, width, height, originX, originY, downsample, level, tiles, smooth, x0, y0, x1, y1);
    } else {
      paintFinest(frame, width, height, originX, originY, downsample, level + 1, coarsest, tiles, smooth, background,
          x0, y0, x1, y1);
    }
  }

  /**
   * Splits frame columns (or rows) {@code [from, to)} into runs by the level tile their sample
   * falls in, as {@link #paintLevel} picks it (the upper-left sample when smooth): pairs of (first
   * frame index of the run, tile index, or -1 where the pixel centre is off the level).
   */
  private int[] tileRuns(int from, int to, double start, double step, long levelSize, boolean smooth) {
    int ts = grid.tileSize();
    int[] runs = new int[8];
    int n = 0;
    long last = Long.MIN_VALUE;
    // On the level: exactly the indices paintLevel paints.
    int onFrom = (int) Math.ceil((0 - start) / step - 0.5);
    int onTo = (int) Math.ceil((levelSize - start) / step - 0.5);
    for (int p = from; p < to; p++) {
      double u = start + (p + 0.5) * step;
      long tile;
      if (p < onFrom || p >= onTo) {
        tile = -1;
      } else {
        long i = smooth ? Math.max((long) Math.floor(u - 0.5), 0) : Math.clamp((long) Math.floor(u), 0, levelSize - 1);
        tile = i / ts;
      }
      if (tile != last) {
        if (n == runs.length) {
          runs = Arrays.copyOf(runs, n * 2);
        }
        runs[n++] = p;
        runs[n++] = (int) tile;
        last = tile;
      }
    }
    return Arrays.copyOf(runs, n);
  }

  private void bilinearRow(
      int[] frame, int out, int pxFrom, int pxTo, int colMin,
      ArgbImage[] top, int ty, ArgbImage[] bottom, int by, int wy) {
    for (int px = pxFrom; px < pxTo; px++) {
      ArgbImage a = top[col0[px] - colMin];
      if (a == null) {
        continue; // nothing of this level here; a coarser level already painted the pixel
      }
      int pa = a.pixels()[ty * a.width() + x0[px]];
      ArgbImage b = top[col1[px] - colMin];
      ArgbImage c = bottom[col0[px] - colMin];
      ArgbImage d = bottom[col1[px] - colMin];
      // A neighbour in a tile not loaded yet: use the pixel we have rather than wait.
      int pb = b == null ? pa : b.pixels()[ty * b.width() + x1[px]];
      int pc = c == null ? pa : c.pixels()[by * c.width() + x0[px]];
      int pd = d == null ? pc : d.pixels()[by * d.width() + x1[px]];
      frame[out + px] = lerp(lerp(pa, pb, wx[px]), lerp(pc, pd, wx[px]), wy);
    }
  }

  /**
   * Composes a few frames of a made-up slide, both ways, so that the JIT has compiled the pixel
   * loops before the first real frame: interpreted, one frame takes a second or more. Runs in the
   * background when the window opens.
   */
  static void warmUp() {
    int size = 1024;
    SlideMetadata slide = new SlideMetadata(Path.of("warm-up"), "warm-up",
        List.of(new SlideLevel(size, size, 1)), OptionalDouble.empty(),
        OptionalDouble.empty(), OptionalDouble.empty(), Map.of(), List.of());
    TileGrid grid = new TileGrid("warm-up", slide, 512);
    Map<TileKey, ArgbImage> tiles = new HashMap<>();
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 2; c++) {
        TileKey key = grid.tile(0, c, r).key();
        int[] pixels = new int[key.width() * key.height()];
        Arrays.fill(pixels, 0xFF000000 | (r * 2 + c) * 0x203040);
        tiles.put(key, new ArgbImage(key.width(), key.height(), pixels));
      }
    }
    TileCompositor compositor = new TileCompositor(grid);
    int[] frame = new int[800 * 600];
    for (int i = 0; i < 12; i++) {
      // What FrameComposer runs: the tile runs, then each run painted from its level.
      compositor.paintFinest(frame, 800, 600, 10.5 + i, 20.25, 1.21, 0, 0, tiles::get, i % 2 == 0, 0xFF000000,
          0, 0, 800, 600);
    }
  }

  /** Blends two premultiplied ARGB pixels, {@code w} in 0–256 the weight of {@code q}. */
  static int lerp(int p, int q, int w) {
    if (w == 0 || p == q) {
      return p;
    }
    int iw = 256 - w;
    // Two channels at a time, each in its own 16-bit lane: 255 × 256 never overflows a lane.
    int rb = (((p & 0x00FF00FF) * iw + (q & 0x00FF00FF) * w) >>> 8) & 0x00FF00FF;
    int ag = ((((p >>> 8) & 0x00FF00FF) * iw + ((q >>> 8) & 0x00FF00FF) * w)) & 0xFF00FF00;
    return ag | rb;
  }

  private void prepareColumns(int width, int from, int to, double u0, double step, long levelWidth, int ts, boolean smooth) {
    if (col0.length < width) {
      col0 = new int[width];
      col1 = new int[width];
      x0 = new int[width];
      x1 = new int[width];
      wx = new int[width];
    }
    for (int px = from; px < to; px++) {
      double u = u0 + (px + 0.5) * step;
      long i0;
      long i1;
      if (smooth) {
        double t = u - 0.5;
        i0 = (long) Math.floor(t);
        wx[px] = (int) ((t - i0) * 256);
        i1 = Math.min(i0 + 1, levelWidth - 1);
        i0 = Math.max(i0, 0);
      } else {
        i0 = Math.clamp((long) Math.floor(u), 0, levelWidth - 1);
        i1 = i0;
        wx[px] = 0;
      }
      col0[px] = (int) (i0 / ts);
      x0[px] = (int) (i0 % ts);
      col1[px] = (int) (i1 / ts);
      x1[px] = (int) (i1 % ts);
    }
  }

  /** The tile row of frame row {@code py}'s upper ({@code lower} false) or lower sample. */
  private static int rowTile(int py, double v0, double step, long levelHeight, int ts, boolean smooth, boolean lower) {
    double v = v0 + (py + 0.5) * step;
    long j;
    if (smooth) {
      long j0 = (long) Math.floor(v - 0.5);
      j = lower ? Math.min(j0 + 1, levelHeight - 1) : Math.max(j0, 0);
    } else {
      j = Math.clamp((long) Math.floor(v), 0, levelHeight - 1);
    }
    return (int) (j / ts);
  }
}
