package org.mhim.viewer.features;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.mhim.viewer.slide.ArgbImage;
import org.mhim.viewer.slide.RegionSource;
import org.mhim.viewer.slide.SlideException;
import org.mhim.viewer.tissue.PatchGrid;

/**
 * One slide's pass through the pipeline: reader tasks fill a bounded queue with decoded patches,
 * the encoder task drains it in batches, and the calling thread waits, watching for cancellation.
 * Features land in place by patch index, so the bag keeps the grid's order whatever the read order.
 */
final class ExtractionRun {

  /** How often waiting threads look at the stop flag; bounds the cancellation delay. */
  private static final long POLL_MILLIS = 50;

  private record Patch(int index, byte[] rgb) {}

  private final RegionSource slide;
  private final String slideId;
  private final PatchGrid grid;
  private final PatchEncoder encoder;
  private final int batchSize;
  private final ExtractionListener listener;
  private final Cancellation cancellation;
  private final BlockingQueue<Patch> queue;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicReference<RuntimeException> readError = new AtomicReference<>();
  private final float[] features;

  ExtractionRun(
      RegionSource slide,
      String slideId,
      PatchGrid grid,
      PatchEncoder encoder,
      int batchSize,
      int queueCapacity,
      ExtractionListener listener,
      Cancellation cancellation) {
    this.slide = slide;
    this.slideId = slideId;
    this.grid = grid;
    this.encoder = encoder;
    this.batchSize = batchSize;
    this.listener = listener;
    this.cancellation = cancellation;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.features = new float[Math.multiplyExact(grid.count(), encoder.outputDim())];
  }

  /**
   * Runs to the end and returns the features, row-major in grid order.
   *
   * @throws CancellationException when cancelled or when the calling thread is interrupted; the
   *     readers have stopped by then, the encoder call under way (a slice of about a quarter
   *     second, see {@link EncoderSlices}) finishes on its own thread
   */
  float[] run(ExecutorService readers, int readerCount, ExecutorService encoderThread) {
    int total = grid.count();
    listener.onProgress(new ExtractionProgress(slideId, 0, total, 0, Duration.ZERO));
    if (total == 0) {
      return features;
    }
    List<Future<?>> readerTasks = new ArrayList<>();
    for (int r = 0; r < Math.min(readerCount, total); r++) {
      readerTasks.add(readers.submit(this::readLoop));
    }
    Future<?> encoding =
        encoderThread.submit(
            () -> {
              encodeLoop();
              return null;
            });
    try {
      awaitEncoding(encoding);
    } finally {
      stop.set(true);
      awaitReaders(readerTasks);
    }
    RuntimeException failed = readError.get();
    if (failed != null) {
      throw failed;
    }
    return features;
  }

  private void awaitEncoding(Future<?> encoding) {
    while (true) {
      if (cancellation.isCancelled()) {
        throw new CancellationException(slideId + ": extraction cancelled");
      }
      try {
        encoding.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException e) {
        // keep waiting; the loop re-checks cancellation
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException(slideId + ": extraction interrupted");
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        throw new ExtractionException(slidePath(), "encoding with " + encoder.id() + " failed: " + cause.getMessage(), cause);
      }
    }
  }

  /** Readers notice the stop flag within one patch read, so this returns promptly. */
  private static void awaitReaders(List<Future<?>> readerTasks) {
    boolean interrupted = Thread.interrupted();
    for (Future<?> task : readerTasks) {
      while (true) {
        try {
          task.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException | CancellationException e) {
          break; // a reader's own failure is already in readError
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void readLoop() {
    int readSize = grid.readSize();
    PatchConverter converter = PatchConverter.of(readSize, encoder.inputSize()); // this thread's own
    while (!stop.get()) {
      int i = next.getAndIncrement();
      if (i >= grid.count()) {
        return;
      }
      byte[] rgb;
      try {
        ArgbImage region = slide.readRegion(grid.x(i), grid.y(i), grid.readLevel(), readSize, readSize);
        rgb = converter.convert(region);
      } catch (RuntimeException e) {
        readError.compareAndSet(
            null,
            new ExtractionException(
                slidePath(),
                "cannot read the patch at (" + grid.x(i) + ", " + grid.y(i) + "): " + problem(e),
                e));
        stop.set(true);
        return;
      }
      Patch patch = new Patch(i, rgb);
      try {
        while (!queue.offer(patch, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
          if (stop.get()) {
            return;
          }
        }
      } catch (InterruptedException e) {
        return; // the extractor is closing
      }
    }
  }

  private void encodeLoop() throws InterruptedException {
    int total = grid.count();
    int dim = encoder.outputDim();
    long start = System.nanoTime();
    int done = 0;
    List<Patch> batch = new ArrayList<>(batchSize);
    EncoderSlices slices = new EncoderSlices(batchSize);
    while (done < total) {
      batch.clear();
      int wanted = Math.min(batchSize, total - done);
      while (batch.size() < wanted) {
        if (stop.get()) {
          return;
        }
        Patch patch = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (patch != null) {
          batch.add(patch);
        }
      }
      // The batch goes to the encoder in slices of about a quarter second, so a stop request
      // waits for one slice at most.
      for (int from = 0; from < batch.size(); ) {
        if (stop.get()) {
          return;
        }
        int to = Math.min(batch.size(), from + slices.next());
        long sliceStart = System.nanoTime();
        encode(batch.subList(from, to), dim);
        slices.took(to - from, (System.nanoTime() - sliceStart) / 1e9);
        done += to - from;
        from = to;
        // After every slice, so a slow encoder still shows progress a few times a second.
        double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        double rate = done / seconds;
        Duration remaining = Duration.ofMillis(Math.round((total - done) / rate * 1000));
        listener.onProgress(new ExtractionProgress(slideId, done, total, rate, remaining));
      }
    }
  }

  /** Encodes some patches and puts their rows in place by patch index. */
  private void encode(List<Patch> patches, int dim) {
    List<byte[]> pixels = new ArrayList<>(patches.size());
    patches.forEach(p -> pixels.add(p.rgb()));
    float[] rows;
    try (NoGradient _ = NoGradient.enter();
        NDManager manager = NDManager.newBaseManager(encoder.device())) {
      NDArray input = PatchBatches.fromRgb(manager, pixels, encoder.inputSize()); // [B, S, S, 3]
      rows = encoder.encode(input).toType(DataType.FLOAT32, false).toFloatArray(); // B × D
    }
    for (int b = 0; b < patches.size(); b++) {
      System.arraycopy(rows, b * dim, features, patches.get(b).index() * dim, dim);
    }
  }

  /** The cause without the slide's name, which the extraction error already starts with. */
  private String problem(RuntimeException e) {
    String message = String.valueOf(e.getMessage());
    if (e instanceof SlideException slideError && slideError.path() != null) {
      String prefix = slideError.path() + ": ";
      if (message.startsWith(prefix)) {
        return message.substring(prefix.length());
      }
    }
    return message;
  }

  private Path slidePath() {
    return slide.metadata().path();
  }
}
