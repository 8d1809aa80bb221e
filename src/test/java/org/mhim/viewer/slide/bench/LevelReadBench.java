package org.mhim.viewer.slide.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.mhim.viewer.slide.SlideImage;
import org.mhim.viewer.slide.SlideLevel;
import org.mhim.viewer.slide.SlideMetadata;

/**
 * Benchmark for bench/level-read.sh: the viewer's 256-px tiles of the levels whose downsample is
 * not a whole number, read as the viewer did (OpenSlide {@code readRegion} at the level-0 position,
 * which resamples) and as it does now ({@code readLevelRegion}, the stored tiles decoded). Passes
 * alternate between the two on one thread, each on a freshly opened slide (OpenSlide's tile cache
 * empty), every tile once per pass in a shuffled order; wall and thread CPU time per tile.
 *
 * <p>Usage: LevelReadBench SLIDE [PASSES [LEVEL,LEVEL…]] — the levels default to those with a
 * fractional downsample; named levels are read in full up to 200 tiles each (the first rows).
 */
public final class LevelReadBench {

  private static final int TILE = 256;

  private LevelReadBench() {}

  private record Tile(int level, long column, long row, int width, int height) {}

  public static void main(String[] args) {
    Path slide = Path.of(args[0]);
    int passes = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    Set<Integer> named = args.length > 2
        ? Arrays.stream(args[2].split(",")).map(String::trim).map(Integer::valueOf)
            .collect(Collectors.toSet())
        : Set.of();
    List<Tile> tiles = new ArrayList<>();
    try (SlideImage image = SlideImage.open(slide)) {
      SlideMetadata metadata = image.metadata();
      for (int level = 0; level < metadata.levelCount(); level++) {
        SlideLevel l = metadata.level(level);
        boolean fractional = l.downsample() != Math.rint(l.downsample());
        if (named.isEmpty() ? !fractional : !named.contains(level)) {
          continue;
        }
        if (!image.readsStoredTiles(level)) {
          throw new IllegalStateException(slide + ": level " + level + " is not read directly");
        }
        System.out.printf(Locale.ROOT, "level %d: %d × %d, downsample %.4f%n",
            level, l.width(), l.height(), l.downsample());
        int start = tiles.size();
        for (long r = 0; r < Math.ceilDiv(l.height(), TILE) && tiles.size() - start < 200; r++) {
          for (long c = 0; c < Math.ceilDiv(l.width(), TILE) && tiles.size() - start < 200; c++) {
            tiles.add(new Tile(level, c, r, (int) Math.min(TILE, l.width() - c * TILE),
                (int) Math.min(TILE, l.height() - r * TILE)));
          }
        }
      }
    }
    if (tiles.isEmpty()) {
      throw new IllegalStateException(slide + " has no level to read (none fractional or named)");
    }
    System.out.printf(Locale.ROOT, "tiles per pass: %d; passes per mode: %d%n", tiles.size(), passes);
    Random random = new Random(7);
    double[][] openslide = new double[passes][];
    double[][] direct = new double[passes][];
    pass(slide, tiles, false); // warm the page cache and the JIT, not counted
    pass(slide, tiles, true);
    for (int p = 0; p < passes; p++) {
      Collections.shuffle(tiles, random);
      // Alternate which goes first, so a burst of load elsewhere hurts both alike.
      if (p % 2 == 0) {
        openslide[p] = pass(slide, tiles, false);
        direct[p] = pass(slide, tiles, true);
      } else {
        direct[p] = pass(slide, tiles, true);
        openslide[p] = pass(slide, tiles, false);
      }
    }
    double osWall = median(openslide, 0);
    double osCpu = median(openslide, 1);
    double dWall = median(direct, 0);
    double dCpu = median(direct, 1);
    System.out.printf(Locale.ROOT, "openslide ms/tile wall %.3f cpu %.3f%n", osWall, osCpu);
    System.out.printf(Locale.ROOT, "direct ms/tile wall %.3f cpu %.3f%n", dWall, dCpu);
    System.out.printf(Locale.ROOT, "ratio openslide/direct wall %.2f cpu %.2f%n",
        osWall / dWall, osCpu / dCpu);
  }

  /** One pass over every tile on a fresh slide: {wall ms per tile, thread CPU ms per tile}. */
  private static double[] pass(Path slide, List<Tile> tiles, boolean direct) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (SlideImage image = SlideImage.open(slide)) {
      long cpu0 = threads.getCurrentThreadCpuTime();
      long wall0 = System.nanoTime();
      for (Tile t : tiles) {
        double ds = image.metadata().level(t.level()).downsample();
        long x = t.column() * TILE;
        long y = t.row() * TILE;
        // Native reads: the JIT cannot drop them even though the pixels go unused.
        if (direct) {
          image.readLevelRegion(t.level(), x, y, t.width(), t.height());
        } else {
          image.readRegion(Math.round(x * ds), Math.round(y * ds), t.level(), t.width(), t.height());
        }
      }
      long wall = System.nanoTime() - wall0;
      long cpu = threads.getCurrentThreadCpuTime() - cpu0;
      return new double[] {wall / 1e6 / tiles.size(), cpu / 1e6 / tiles.size()};
    }
  }

  private static double median(double[][] passes, int column) {
    double[] values = Arrays.stream(passes).mapToDouble(p -> p[column]).sorted().toArray();
    return values.length % 2 == 1
        ? values[values.length / 2]
        : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
  }
}
