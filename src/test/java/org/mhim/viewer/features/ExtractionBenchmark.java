package org.mhim.viewer.features;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.mhim.viewer.slide.SlideImage;
import org.mhim.viewer.tissue.PatchGrid;
import org.mhim.viewer.tissue.PatchGridSettings;
import org.mhim.viewer.tissue.TissueDetector;

/**
 * Patches per second on one slide for each encoder: (a) reading and decoding only, (b) encoding
 * only on preloaded batches, (c) the whole {@link FeatureExtractor} pipeline, on the same evenly
 * spaced subset of the slide's tissue patches. Run by bench/extraction.sh.
 *
 * <p>Arguments: {@code SLIDE BATCH READERS ENCODER=PATCHES…} (an encoder is stain-texture-v1 or a
 * .pt path with its sidecar).
 */
public final class ExtractionBenchmark {

  private ExtractionBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path slidePath = Path.of(args[0]);
    int batch = Integer.parseInt(args[1]);
    int readers = Integer.parseInt(args[2]);
    try (SlideImage slide = SlideImage.open(slidePath)) {
      long t = System.nanoTime();
      PatchGrid full = PatchGrid.build(slide.metadata(), new TissueDetector().detect(slide), PatchGridSettings.defaults());
      System.out.printf(
          Locale.ROOT, "slide %s: %d × %d, %d tissue patches of 256 px at 20× (grid in %.1f s)%n",
          slidePath.getFileName(), slide.metadata().width(), slide.metadata().height(), full.count(), (System.nanoTime() - t) / 1e9);
      System.out.println("| encoder | patches | (a) read+decode | (b) encode | (c) pipeline | (c) / min(a, b) |");
      System.out.println("|---|---|---|---|---|---|");
      for (int i = 3; i < args.length; i++) {
        String[] spec = args[i].split("=");
        PatchGrid grid = subset(full, Integer.parseInt(spec[1]));
        run(slide, spec[0], grid, batch, readers);
      }
    }
  }

  /** Rounds of (a), (b), (c), interleaved; the best of each is kept, as other load only slows. */
  private static final int ROUNDS = 2;

  private static void run(SlideImage slide, String encoderName, PatchGrid grid, int batch, int readers) throws Exception {
    int n = grid.count();
    double a = 0;
    double b = 0;
    double c = 0;
    try (PatchEncoder encoder = PatchEncoders.open(encoderName, Device.cpu());
        FeatureExtractor extractor =
            FeatureExtractor.builder()
                .setEncoder(PatchEncoders.open(encoderName, Device.cpu()))
                .optBatchSize(batch)
                .optReaderThreads(readers)
                .build()) {
      int inputSize = encoder.inputSize();
      List<byte[]> preloaded = new ArrayList<>();
      for (int i = 0; i < Math.min(n, 2 * batch); i++) {
        preloaded.add(RgbPatches.resize(RgbPatches.rgbOverWhite(
            slide.readRegion(grid.x(i), grid.y(i), grid.readLevel(), grid.readSize(), grid.readSize())), grid.readSize(), inputSize));
      }
      encodeBatches(encoder, preloaded, batch, 2 * batch); // warm-up
      extractor.extract(slide, "warm-up", subset(grid, 2 * batch), ExtractionListener.none(), new Cancellation());
      for (int round = 0; round < ROUNDS; round++) {
        // (a) read + decode + resize on the reader pool, nothing else
        a = Math.max(a, readOnly(slide, grid, readers, inputSize));
        // (b) encode only: real patches, preloaded, encoded in batches until n are done
        long t = System.nanoTime();
        encodeBatches(encoder, preloaded, batch, n);
        b = Math.max(b, n / ((System.nanoTime() - t) / 1e9));
        // (c) the pipeline
        t = System.nanoTime();
        FeatureBag bag = extractor.extract(slide, "bench", grid, ExtractionListener.none(), new Cancellation());
        c = Math.max(c, bag.count() / ((System.nanoTime() - t) / 1e9));
      }
    }
    System.out.printf(
        Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.0f %% |%n",
        encoderName.contains("/") ? Path.of(encoderName).getFileName() : encoderName, n, a, b, c, 100 * c / Math.min(a, b));
  }

  private static double readOnly(SlideImage slide, PatchGrid grid, int readers, int inputSize) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(readers);
    try {
      AtomicInteger next = new AtomicInteger();
      long t = System.nanoTime();
      List<Future<?>> tasks = new ArrayList<>();
      for (int r = 0; r < readers; r++) {
        tasks.add(pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < grid.count(); i = next.getAndIncrement()) {
            RgbPatches.resize(RgbPatches.rgbOverWhite(
                slide.readRegion(grid.x(i), grid.y(i), grid.readLevel(), grid.readSize(), grid.readSize())), grid.readSize(), inputSize);
          }
        }));
      }
      for (Future<?> task : tasks) {
        task.get();
      }
      return grid.count() / ((System.nanoTime() - t) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void encodeBatches(PatchEncoder encoder, List<byte[]> patches, int batch, int total) {
    int done = 0;
    while (done < total) {
      int size = Math.min(batch, total - done);
      List<byte[]> chunk = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        chunk.add(patches.get((done + i) % patches.size()));
      }
      try (NDManager manager = NDManager.newBaseManager(encoder.device())) {
        encoder.encode(PatchBatches.fromRgb(manager, chunk, encoder.inputSize())).toFloatArray();
      }
      done += size;
    }
  }

  /** Every k-th patch, so the subset spans the slide. */
  static PatchGrid subset(PatchGrid grid, int count) {
    int n = Math.min(count, grid.count());
    long[] coords = new long[2 * n];
    for (int i = 0; i < n; i++) {
      int j = (int) ((long) i * grid.count() / n);
      coords[2 * i] = grid.x(j);
      coords[2 * i + 1] = grid.y(j);
    }
    return new PatchGrid(grid.magnification(), grid.downsample(), grid.level0PatchSize(), grid.level0Step(),
        grid.readLevel(), grid.readSize(), grid.outputSize(), coords);
  }
}
