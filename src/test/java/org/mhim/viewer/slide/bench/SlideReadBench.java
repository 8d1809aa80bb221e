package org.mhim.viewer.slide.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.mhim.viewer.slide.ArgbImage;
import org.mhim.viewer.slide.SlideImage;
import org.mhim.viewer.slide.TileCache;
import org.mhim.viewer.slide.TileKey;

/**
 * Benchmark for bench/slide-read.sh: 256-px level-0 tile reads at random positions through our
 * binding (1 and 2 threads), and TileCache hit latency. Writes the positions it used so the
 * Python run reads exactly the same ones.
 *
 * <p>Usage: SlideReadBench SLIDE POSITIONS_OUT [READS]
 */
public final class SlideReadBench {

  private static final int TILE = 256;

  private SlideReadBench() {}

  public static void main(String[] args) throws Exception {
    Path slide = Path.of(args[0]);
    Path positionsFile = Path.of(args[1]);
    int reads = args.length > 2 ? Integer.parseInt(args[2]) : 3000;

    long[][] positions;
    try (SlideImage image = SlideImage.open(slide)) {
      positions = positions(image.metadata().width(), image.metadata().height(), reads);
    }
    writePositions(positionsFile, positions);

    // Warm the page cache once so both bindings start from the same disk state.
    try (SlideImage image = SlideImage.open(slide)) {
      for (long[] p : positions) {
        image.readRegion(p[0], p[1], 0, TILE, TILE);
      }
    }
    for (int threads : new int[] {1, 2}) {
      double[] result = readsPerSecond(slide, positions, threads);
      System.out.printf(Locale.ROOT, "java reads/s threads=%d %.1f cpu_ms_per_read %.3f%n",
          threads, result[0], result[1]);
    }
    cacheHits();
  }

  static long[][] positions(long width, long height, int count) {
    SplittableRandom random = new SplittableRandom(2024);
    long[][] positions = new long[count][];
    for (int i = 0; i < count; i++) {
      positions[i] = new long[] {random.nextLong(width - TILE), random.nextLong(height - TILE)};
    }
    return positions;
  }

  private static void writePositions(Path file, long[][] positions) throws IOException {
    StringBuilder text = new StringBuilder();
    for (long[] p : positions) {
      text.append(p[0]).append(',').append(p[1]).append('\n');
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, text);
  }

  /**
   * Reads per second (wall clock) and process CPU milliseconds per read; a fresh handle, so
   * OpenSlide's own cache starts empty, and the positions split between threads. CPU time is
   * reported beside wall time because it stays meaningful on a machine shared with other work.
   */
  static double[] readsPerSecond(Path slide, long[][] positions, int threads) throws Exception {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)
            ManagementFactory.getOperatingSystemMXBean();
    try (SlideImage image = SlideImage.open(slide);
        ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      long cpuStart = os.getProcessCpuTime();
      long start = System.nanoTime();
      List<Future<Long>> parts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        parts.add(pool.submit(() -> {
          long checksum = 0;
          for (int i = first; i < positions.length; i += threads) {
            ArgbImage tile = image.readRegion(positions[i][0], positions[i][1], 0, TILE, TILE);
            checksum += tile.pixels()[tile.pixels().length / 2];
          }
          return checksum;
        }));
      }
      long checksum = 0;
      for (Future<Long> part : parts) {
        checksum += part.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpuMs = (os.getProcessCpuTime() - cpuStart) / 1e6;
      if (checksum == 42) {
        System.out.print(""); // keep the reads observable
      }
      return new double[] {positions.length / seconds, cpuMs / positions.length};
    }
  }

  /** Average and 99th-percentile latency of TileCache hits over 1,000 cached 256-px tiles. */
  static void cacheHits() {
    int tiles = 1000;
    TileCache cache = new TileCache(TileCache.DEFAULT_MAX_BYTES);
    TileKey[] keys = new TileKey[tiles];
    for (int i = 0; i < tiles; i++) {
      keys[i] = new TileKey("bench", 0, (long) (i % 40) * TILE, (long) (i / 40) * TILE, TILE, TILE);
      cache.get(keys[i], () -> new ArgbImage(TILE, TILE, new int[TILE * TILE]));
    }
    SplittableRandom random = new SplittableRandom(5);
    int[] order = new int[1 << 20];
    for (int i = 0; i < order.length; i++) {
      order[i] = random.nextInt(tiles);
    }
    long sink = 0;
    for (int round = 0; round < 3; round++) { // warm-up: let the JIT compile the hit path
      for (int index : order) {
        sink += cache.get(keys[index], () -> { throw new AssertionError("miss"); }).width();
      }
    }
    long start = System.nanoTime();
    for (int index : order) {
      sink += cache.get(keys[index], () -> { throw new AssertionError("miss"); }).width();
    }
    double meanNs = (System.nanoTime() - start) / (double) order.length;
    long[] samples = new long[100_000];
    for (int i = 0; i < samples.length; i++) {
      long t0 = System.nanoTime();
      sink += cache.get(keys[order[i]], () -> { throw new AssertionError("miss"); }).width();
      samples[i] = System.nanoTime() - t0;
    }
    Arrays.sort(samples);
    System.out.printf(Locale.ROOT, "cache hit mean_ns %.0f p99_ns %d (sink %d)%n",
        meanNs, samples[samples.length * 99 / 100], sink % 10);
  }
}
