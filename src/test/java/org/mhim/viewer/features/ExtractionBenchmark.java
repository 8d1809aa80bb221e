package org.mhim.viewer.features;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
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
 * spaced subset of the slide's tissue patches. Beside each rate, the process's CPU time per patch
 * (all threads, libtorch's included) and the cores it kept busy (CPU time over wall time): on a
 * shared machine the wall rates swing with other load while the CPU cost per patch hardly does.
 * The pipeline's CPU per patch against the sum of its stages' shows what the pipeline itself costs
 * (queue, copies, threads contending); when both stages are CPU-bound on the same cores, the
 * pipeline's rate cannot beat {@code cores used / (cpu(a) + cpu(b))}. Run by bench/extraction.sh.
 *
 * <p>Arguments: {@code SLIDE BATCH READERS ENCODER=PATCHES…} (an encoder is stain-texture-v1 or a
 * .pt path with its sidecar). System property {@code bench.queue} sets the queue capacity
 * (default: the extractor's), {@code bench.rounds} the rounds (default 3).
 */
public final class ExtractionBenchmark {

  private ExtractionBenchmark() {}

  /** Wall seconds and process CPU seconds of one measured stage. */
  private record Timing(int patches, double wallSeconds, double cpuSeconds) {
    double rate() {
      return patches / wallSeconds;
    }

    double cpuMillisPerPatch() {
      return 1000 * cpuSeconds / patches;
    }

    double coresUsed() {
      return cpuSeconds / wallSeconds;
    }

    /** Of two timings of the same stage, the faster one: other load only slows a stage down. */
    Timing best(Timing other) {
      return other == null || rate() >= other.rate() ? this : other;
    }
  }

  public static void main(String[] args) throws Exception {
    Path slidePath = Path.of(args[0]);
    int batch = Integer.parseInt(args[1]);
    int readers = Integer.parseInt(args[2]);
    int queue = Integer.getInteger("bench.queue", 0);
    int rounds = Integer.getInteger("bench.rounds", 3);
    try (SlideImage slide = SlideImage.open(slidePath)) {
      long t = System.nanoTime();
      PatchGrid full = PatchGrid.build(slide.metadata(), new TissueDetector().detect(slide), PatchGridSettings.defaults());
      System.out.printf(
          Locale.ROOT, "slide %s: %d × %d, %d tissue patches of 256 px at 20× (tissue and grid in %.1f s)%n%n",
          slidePath.getFileName(), slide.metadata().width(), slide.metadata().height(), full.count(), (System.nanoTime() - t) / 1e9);
      System.out.printf(
          Locale.ROOT, "batch %d, %d readers, queue %s, libtorch intra-op threads %d, %d cores, best of %d rounds%n%n",
          batch, readers, queue > 0 ? String.valueOf(queue) : "default (4 batches)", intraOpThreads(), cores(), rounds);
      System.out.println("| encoder | patches | (a) read+decode p/s | (a) CPU ms/p | of which OpenSlide | (a) cores"
          + " | (b) encode p/s | (b) CPU ms/p | (b) cores | slice | (b) whole batches p/s | CPU ms/p"
          + " | (c) pipeline p/s | (c) CPU ms/p | (c) cores | (c) / min(a, b) | CPU (a)+(b) / CPU (c) |");
      System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
      for (int i = 3; i < args.length; i++) {
        String[] spec = args[i].split("=");
        if (Integer.parseInt(spec[1]) == 0) {
          continue; // this encoder left out of the run
        }
        PatchGrid grid = subset(full, Integer.parseInt(spec[1]));
        run(slide, spec[0], grid, batch, readers, queue, rounds);
      }
    }
  }

  private static void run(SlideImage slide, String encoderName, PatchGrid grid, int batch, int readers, int queue, int rounds)
      throws Exception {
    Timing a = null;
    Timing openSlide = null;
    Timing b = null;
    Timing wholeBatches = null;
    int[] lastSlice = new int[1];
    Timing c = null;
    try (PatchEncoder encoder = PatchEncoders.open(encoderName, Device.cpu());
        FeatureExtractor extractor =
            FeatureExtractor.builder()
                .setEncoder(PatchEncoders.open(encoderName, Device.cpu()))
                .optBatchSize(batch)
                .optReaderThreads(readers)
                .optQueueCapacity(queue)
                .build()) {
      int inputSize = encoder.inputSize();
      List<byte[]> preloaded = new ArrayList<>();
      PatchConverter converter = PatchConverter.of(grid.readSize(), inputSize);
      for (int i = 0; i < Math.min(grid.count(), 2 * batch); i++) {
        preloaded.add(converter.convert(
            slide.readRegion(grid.x(i), grid.y(i), grid.readLevel(), grid.readSize(), grid.readSize())));
      }
      encodeBatches(encoder, preloaded, batch, 2 * batch, false, null); // warm-up
      extractor.extract(slide, "warm-up", subset(grid, 2 * batch), ExtractionListener.none(), new Cancellation());
      for (int round = 0; round < rounds; round++) {
        // (a) read + decode + resize on a pool of the pipeline's size, nothing else
        a = readOnly(slide, grid, readers, inputSize, true).best(a);
        // the OpenSlide read alone, to split (a)'s CPU between the C library and our conversion
        openSlide = readOnly(slide, grid, readers, inputSize, false).best(openSlide);
        // (b) encode only: real patches, preloaded, encoded in batches until as many are done,
        // on a thread of its own with autograd off and in the slices the pipeline uses, as the
        // extractor's encoder thread runs
        int n = grid.count();
        b = timed(n, () -> onOwnThread(() -> encodeBatches(encoder, preloaded, batch, n, true, lastSlice))).best(b);
        // (b) again, each batch in one encoder call, for comparison
        wholeBatches = timed(n, () -> onOwnThread(() -> encodeBatches(encoder, preloaded, batch, n, false, null))).best(wholeBatches);
        // (c) the pipeline
        c = timed(n, () -> extractor.extract(slide, "bench", grid, ExtractionListener.none(), new Cancellation())).best(c);
      }
    }
    double slower = Math.min(a.rate(), b.rate());
    double stagesCpu = a.cpuMillisPerPatch() + b.cpuMillisPerPatch();
    System.out.printf(
        Locale.ROOT, "| %s | %d | %.1f | %.2f | %.2f | %.2f | %.1f | %.2f | %.2f | %d | %.1f | %.2f | %.1f | %.2f | %.2f | %.0f %% | %.0f %% |%n",
        encoderName.contains("/") ? Path.of(encoderName).getFileName() : encoderName, grid.count(),
        a.rate(), a.cpuMillisPerPatch(), openSlide.cpuMillisPerPatch(), a.coresUsed(),
        b.rate(), b.cpuMillisPerPatch(), b.coresUsed(), lastSlice[0], wholeBatches.rate(), wholeBatches.cpuMillisPerPatch(),
        c.rate(), c.cpuMillisPerPatch(), c.coresUsed(),
        100 * c.rate() / slower, 100 * stagesCpu / c.cpuMillisPerPatch());
  }

  private static Timing readOnly(SlideImage slide, PatchGrid grid, int readers, int inputSize, boolean convert) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(readers);
    try {
      return timed(grid.count(), () -> {
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> tasks = new ArrayList<>();
        for (int r = 0; r < readers; r++) {
          tasks.add(pool.submit(() -> {
            PatchConverter converter = PatchConverter.of(grid.readSize(), inputSize); // as each pipeline reader
            for (int i = next.getAndIncrement(); i < grid.count(); i = next.getAndIncrement()) {
              var region = slide.readRegion(grid.x(i), grid.y(i), grid.readLevel(), grid.readSize(), grid.readSize());
              if (convert) {
                converter.convert(region);
              }
            }
          }));
        }
        for (Future<?> task : tasks) {
          task.get();
        }
        return null;
      });
    } finally {
      pool.shutdownNow();
    }
  }

  private static Timing timed(int patches, Callable<?> stage) throws Exception {
    long cpu = processCpuNanos();
    long t = System.nanoTime();
    stage.call();
    return new Timing(patches, (System.nanoTime() - t) / 1e9, (processCpuNanos() - cpu) / 1e9);
  }

  private static Object onOwnThread(Runnable work) throws Exception {
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      return thread.submit(() -> {
        try (NoGradient _ = NoGradient.enter()) {
          work.run();
        }
      }).get();
    } finally {
      thread.shutdownNow();
    }
  }

  private static void encodeBatches(
      PatchEncoder encoder, List<byte[]> patches, int batch, int total, boolean sliced, int[] lastSlice) {
    EncoderSlices slices = new EncoderSlices(batch);
    int done = 0;
    while (done < total) {
      int size = sliced ? Math.min(slices.next(), total - done) : Math.min(batch, total - done);
      if (lastSlice != null) {
        lastSlice[0] = slices.next(); // the slice size it settled on
      }
      long start = System.nanoTime();
      List<byte[]> chunk = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        chunk.add(patches.get((done + i) % patches.size()));
      }
      try (NDManager manager = NDManager.newBaseManager(encoder.device())) {
        encoder.encode(PatchBatches.fromRgb(manager, chunk, encoder.inputSize())).toFloatArray();
      }
      slices.took(size, (System.nanoTime() - start) / 1e9);
      done += size;
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  private static int intraOpThreads() {
    ai.djl.engine.Engine.getEngine("PyTorch"); // loads libtorch
    return ai.djl.pytorch.jni.JniUtils.getNumThreads();
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
