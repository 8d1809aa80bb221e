package org.mhim.viewer.features;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.mhim.viewer.slide.ArgbImage;
import org.mhim.viewer.slide.RegionSource;
import org.mhim.viewer.slide.SlideImage;
import org.mhim.viewer.slide.SlideMetadata;
import org.mhim.viewer.tissue.PatchGrid;

/**
 * How soon cancellation takes effect, on a real slide: the time from {@link Cancellation#cancel()}
 * to {@code extract} throwing, and to {@link FeatureExtractor#close()} returning with none of the
 * extractor's threads left; during encoding (after the first encoder call) for each encoder, and during
 * tissue detection of the slide seen without its pyramid (one 40,000 × 30,000 level, read in
 * strips, the slowest case). Run by bench/extraction.sh.
 *
 * <p>Arguments: {@code SLIDE BATCH READERS ENCODER…}.
 */
public final class CancellationBenchmark {

  private CancellationBenchmark() {}

  private static final int ROUNDS = 3;

  /** Seconds from the request to the extract call's return and to close()'s return. */
  private record Latency(double extractSeconds, double closeSeconds) {}

  public static void main(String[] args) throws Exception {
    Path slidePath = Path.of(args[0]);
    int batch = Integer.parseInt(args[1]);
    int readers = Integer.parseInt(args[2]);
    System.out.println("| cancelled during | encoder | extract returns, s (worst of " + ROUNDS + ") | close returns, s (worst) | threads left |");
    System.out.println("|---|---|---:|---:|---:|");
    try (SlideImage slide = SlideImage.open(slidePath)) {
      for (int i = 3; i < args.length; i++) {
        String encoder = args[i];
        PatchGrid grid;
        try (FeatureExtractor probe = extractor(encoder, batch, readers)) {
          grid = probe.grid(slide);
        }
        report("encoding (after the first encoder call)", encoder, round -> duringEncoding(slide, grid, encoder, batch, readers));
      }
      RegionSource withoutPyramid = levelZeroOnly(slide);
      report("tissue detection, level 0 only (1 s in)", "stain-texture-v1",
          round -> duringTissueDetection(withoutPyramid, batch, readers));
    }
  }

  private interface Round {
    Latency run(int round) throws Exception;
  }

  private static void report(String phase, String encoder, Round round) throws Exception {
    double[] extract = new double[ROUNDS];
    double[] close = new double[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      Latency latency = round.run(r);
      extract[r] = latency.extractSeconds();
      close[r] = latency.closeSeconds();
    }
    System.out.printf(
        Locale.ROOT, "| %s | %s | %.3f | %.3f | %d |%n", phase,
        encoder.contains("/") ? Path.of(encoder).getFileName() : encoder,
        Arrays.stream(extract).max().orElseThrow(), Arrays.stream(close).max().orElseThrow(), pipelineThreads());
  }

  private static Latency duringEncoding(SlideImage slide, PatchGrid grid, String encoder, int batch, int readers)
      throws Exception {
    CountDownLatch firstBatch = new CountDownLatch(1);
    ExtractionListener listener = p -> {
      if (p.done() > 0) {
        firstBatch.countDown();
      }
    };
    FeatureExtractor extractor = extractor(encoder, batch, readers);
    return cancelAndClose(extractor, c -> extractor.extract(slide, "cancel", grid, listener, c), () -> firstBatch.await());
  }

  private static Latency duringTissueDetection(RegionSource slide, int batch, int readers) throws Exception {
    FeatureExtractor extractor = extractor("stain-texture-v1", batch, readers);
    return cancelAndClose(
        extractor, c -> extractor.extract(slide, "cancel", ExtractionListener.none(), c), () -> Thread.sleep(1000));
  }

  private interface Extraction {
    FeatureBag run(Cancellation cancellation);
  }

  private interface Wait {
    void await() throws InterruptedException;
  }

  private static Latency cancelAndClose(FeatureExtractor extractor, Extraction extraction, Wait beforeCancelling)
      throws Exception {
    Cancellation cancellation = new Cancellation();
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try {
      Future<Long> returned = caller.submit(() -> {
        try {
          extraction.run(cancellation);
          throw new IllegalStateException("the extraction ended before it was cancelled");
        } catch (CancellationException e) {
          return System.nanoTime();
        }
      });
      beforeCancelling.await();
      long requested = System.nanoTime();
      cancellation.cancel();
      long extractReturned = returned.get(5, TimeUnit.MINUTES);
      extractor.close();
      long closed = System.nanoTime();
      return new Latency((extractReturned - requested) / 1e9, (closed - requested) / 1e9);
    } finally {
      caller.shutdownNow();
    }
  }

  private static FeatureExtractor extractor(String encoder, int batch, int readers) {
    return FeatureExtractor.builder()
        .setEncoder(PatchEncoders.open(encoder, Device.cpu()))
        .optBatchSize(batch)
        .optReaderThreads(readers)
        .build();
  }

  /** The slide as a scanner without a pyramid would store it: level 0 alone. */
  private static RegionSource levelZeroOnly(SlideImage slide) {
    SlideMetadata m = slide.metadata();
    SlideMetadata flat = new SlideMetadata(m.path(), m.vendor(), List.of(m.level(0)), m.mppX(), m.mppY(),
        m.objectivePower(), m.properties(), m.associatedImages());
    return new RegionSource() {
      @Override
      public SlideMetadata metadata() {
        return flat;
      }

      @Override
      public ArgbImage readRegion(long x, long y, int level, int width, int height) {
        return slide.readRegion(x, y, level, width, height);
      }
    };
  }

  private static int pipelineThreads() {
    List<Thread> threads = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && (t.getName().startsWith("mhim-patch-reader") || t.getName().startsWith("mhim-encoder"))) {
        threads.add(t);
      }
    }
    return threads.size();
  }
}
