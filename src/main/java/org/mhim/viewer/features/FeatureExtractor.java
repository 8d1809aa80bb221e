package org.mhim.viewer.features;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.mhim.viewer.slide.RegionSource;
import org.mhim.viewer.tissue.PatchGrid;
import org.mhim.viewer.tissue.PatchGridSettings;
import org.mhim.viewer.tissue.TissueDetectionSettings;
import org.mhim.viewer.tissue.TissueDetector;
import org.mhim.viewer.tissue.TissueMask;

/**
 * Slide → feature bag: finds the tissue, lays the patch grid, reads patches on a small pool of
 * threads (OpenSlide reads are thread-safe), decodes and resizes them to the encoder's input,
 * and encodes them in batches on one encoder thread, with a bounded queue between the two so
 * memory stays flat. Extractions run one at a time; the extractor owns its encoder and threads
 * and releases both in {@link #close()}, after which no thread of it is alive.
 *
 * <pre>{@code
 * try (FeatureExtractor extractor = FeatureExtractor.builder()
 *         .setEncoder(PatchEncoders.open("stain-texture-v1", Devices.best()))
 *         .optCache(new FeatureCache(FeatureCache.defaultRoot()))
 *         .build();
 *     SlideImage slide = SlideImage.open(path)) {
 *   FeatureBag bag = extractor.extract(slide, slide.id(), listener, new Cancellation());
 * }
 * }</pre>
 */
public final class FeatureExtractor implements AutoCloseable {

  private final PatchEncoder encoder;
  private final PatchGridSettings gridSettings;
  private final TissueDetector detector;
  private final int batchSize;
  private final int queueCapacity;
  private final int readerThreads;
  private final Optional<FeatureCache> cache;
  private final PipelineThreads readerFactory;
  private final PipelineThreads encoderFactory;
  private final ExecutorService readers;
  private final ExecutorService encoderThread;

  private FeatureExtractor(Builder builder) {
    this.encoder = builder.encoder;
    this.gridSettings = builder.gridSettings;
    this.detector = new TissueDetector(builder.tissueSettings);
    this.batchSize = builder.batchSize;
    this.queueCapacity = builder.queueCapacity > 0 ? builder.queueCapacity : 4 * builder.batchSize;
    this.readerThreads = builder.readerThreads;
    this.cache = Optional.ofNullable(builder.cache);
    this.readerFactory = new PipelineThreads("mhim-patch-reader");
    this.encoderFactory = new PipelineThreads("mhim-encoder");
    this.readers = Executors.newFixedThreadPool(readerThreads, readerFactory);
    this.encoderThread = Executors.newSingleThreadExecutor(encoderFactory);
  }

  public static Builder builder() {
    return new Builder();
  }

  public PatchEncoder encoder() {
    return encoder;
  }

  public PatchGridSettings gridSettings() {
    return gridSettings;
  }

  /** The tissue detection settings a grid for {@link #extractAndCache} must be built with. */
  public TissueDetectionSettings tissueSettings() {
    return detector.settings();
  }

  /** The grid an extraction of {@code slide} would encode (tissue detection included). */
  public PatchGrid grid(RegionSource slide) {
    return grid(slide, new Cancellation());
  }

  /**
   * As {@link #grid(RegionSource)}, giving up within a fraction of a second of {@code
   * cancellation} being set, even in the middle of tissue detection on a large slide.
   *
   * @throws CancellationException when cancelled
   */
  public PatchGrid grid(RegionSource slide, Cancellation cancellation) {
    TissueMask tissue = detector.detect(slide, cancellation::isCancelled);
    return PatchGrid.build(slide.metadata(), tissue, gridSettings);
  }

  /**
   * Encodes every tissue patch of {@code slide}. Nothing is written but the cache entry, and that
   * only once the bag is complete.
   *
   * @param slideId the name the bag carries (file name without extension, by convention)
   * @param listener hears progress, on the extractor's threads
   * @param cancellation stops the extraction within a fraction of a second when set; so does
   *     interrupting the calling thread
   * @throws CancellationException when cancelled
   * @throws ExtractionException naming the slide when a patch cannot be read or encoding fails
   * @throws org.mhim.viewer.slide.SlideException naming the slide when it cannot be read at all
   */
  public synchronized FeatureBag extract(
      RegionSource slide, String slideId, ExtractionListener listener, Cancellation cancellation) {
    Optional<FeatureBag> cached = cached(slide, slideId);
    if (cached.isPresent()) {
      int n = cached.get().count();
      listener.onProgress(new ExtractionProgress(slideId, n, n, 0, Duration.ZERO));
      return cached.get();
    }
    return extractAndCache(slide, slideId, grid(slide, cancellation), listener, cancellation);
  }

  /**
   * The bag the cache holds for {@code slide} under this extractor's encoder, grid and tissue
   * settings, if any (always empty without a cache). Lets a caller that times tissue detection and
   * the grid on their own skip both on a hit.
   */
  public Optional<FeatureBag> cached(RegionSource slide, String slideId) {
    return cacheKey(slide.metadata().path()).flatMap(key -> cache.orElseThrow().get(key, slideId));
  }

  /**
   * Encodes the patches of {@code grid}, which the caller built with this extractor's grid and
   * tissue settings, and stores the bag in the cache once it is complete.
   *
   * @throws CancellationException when cancelled; nothing is stored then
   * @throws ExtractionException naming the slide when a patch cannot be read or encoding fails
   */
  public synchronized FeatureBag extractAndCache(
      RegionSource slide, String slideId, PatchGrid grid, ExtractionListener listener, Cancellation cancellation) {
    FeatureBag bag = extract(slide, slideId, grid, listener, cancellation);
    if (cancellation.isCancelled()) {
      // Cancelled as the last batch finished: the caller asked for nothing, so nothing is kept.
      throw new CancellationException(slideId + ": extraction cancelled");
    }
    Optional<String> key = cacheKey(slide.metadata().path());
    if (key.isPresent() && bag.count() > 0) {
      try {
        cache.orElseThrow().put(key.get(), bag);
      } catch (IOException e) {
        throw new UncheckedIOException(cache.orElseThrow().root() + ": cannot store features: " + e.getMessage(), e);
      }
    }
    return bag;
  }

  /**
   * Encodes the patches of a given grid (coordinates from elsewhere, a subset for a benchmark),
   * without the cache.
   *
   * @throws CancellationException when cancelled
   * @throws ExtractionException naming the slide when a patch cannot be read or encoding fails
   */
  public synchronized FeatureBag extract(
      RegionSource slide, String slideId, PatchGrid grid, ExtractionListener listener, Cancellation cancellation) {
    if (cancellation.isCancelled()) {
      throw new CancellationException(slideId + ": extraction cancelled");
    }
    ExtractionRun run =
        new ExtractionRun(slide, slideId, grid, encoder, batchSize, queueCapacity, listener, cancellation);
    float[] features = run.run(readers, readerThreads, encoderThread);
    BagAttributes attributes =
        new BagAttributes(
            grid.outputSize(), grid.readLevel(), grid.level0PatchSize(), grid.magnification(), encoder.id());
    return new FeatureBag(slideId, encoder.outputDim(), features, grid.coordinates(), attributes);
  }

  /** The cache key of a slide file under this extractor's encoder and parameters. */
  private Optional<String> cacheKey(Path slideFile) {
    if (cache.isEmpty() || slideFile == null || !Files.isRegularFile(slideFile)) {
      return Optional.empty();
    }
    try {
      String parameters = gridSettings + "\n" + detector.settings();
      return Optional.of(FeatureCache.key(SlideIdentity.of(slideFile), encoder.id(), parameters));
    } catch (IOException e) {
      throw new UncheckedIOException(slideFile + ": cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * Stops the threads (waiting for the encoder call under way, a fraction of a second) and closes
   * the encoder. When it returns, no thread of the extractor is alive.
   */
  @Override
  public void close() {
    readers.shutdownNow();
    encoderThread.shutdownNow();
    boolean interrupted = false;
    for (ExecutorService pool : new ExecutorService[] {readers, encoderThread}) {
      while (true) {
        try {
          if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
            break;
          }
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    // A pool reports termination from its last worker just before that thread ends.
    interrupted |= readerFactory.joinAll();
    interrupted |= encoderFactory.joinAll();
    encoder.close();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Makes the pipeline's named daemon threads and remembers them, so close() can join them. */
  private static final class PipelineThreads implements ThreadFactory {
    private final String name;
    private final AtomicInteger count = new AtomicInteger();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    PipelineThreads(String name) {
      this.name = name;
    }

    @Override
    public Thread newThread(Runnable runnable) {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      threads.add(thread);
      return thread;
    }

    /** Waits for every thread made to end; true when the caller was interrupted meanwhile. */
    boolean joinAll() {
      boolean interrupted = false;
      for (Thread thread : threads) {
        while (thread.isAlive()) {
          try {
            thread.join();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      }
      return interrupted;
    }
  }

  /** Builds a {@link FeatureExtractor}: {@code set…} is required, {@code opt…} optional. */
  public static final class Builder {
    private PatchEncoder encoder;
    private PatchGridSettings gridSettings = PatchGridSettings.defaults();
    private TissueDetectionSettings tissueSettings = TissueDetectionSettings.defaults();
    private int batchSize = 32;
    private int queueCapacity;
    private int readerThreads = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
    private FeatureCache cache;

    private Builder() {}

    /** The encoder; the extractor takes it over and closes it. */
    public Builder setEncoder(PatchEncoder encoder) {
      this.encoder = encoder;
      return this;
    }

    public Builder optGridSettings(PatchGridSettings settings) {
      this.gridSettings = settings;
      return this;
    }

    public Builder optTissueSettings(TissueDetectionSettings settings) {
      this.tissueSettings = settings;
      return this;
    }

    /** Patches per encoder call (default 32). */
    public Builder optBatchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** Decoded patches waiting for the encoder at most (default four batches). */
    public Builder optQueueCapacity(int capacity) {
      this.queueCapacity = capacity;
      return this;
    }

    /** Threads reading and decoding patches (default 2–4, by the processors). */
    public Builder optReaderThreads(int threads) {
      this.readerThreads = threads;
      return this;
    }

    /** Where finished bags are kept for next time (default: none). */
    public Builder optCache(FeatureCache cache) {
      this.cache = cache;
      return this;
    }

    public FeatureExtractor build() {
      if (encoder == null) {
        throw new IllegalArgumentException("an extractor needs an encoder (setEncoder)");
      }
      if (batchSize < 1 || readerThreads < 1 || queueCapacity < 0) {
        throw new IllegalArgumentException("batch size and reader threads must be positive");
      }
      if (queueCapacity > 0 && queueCapacity < batchSize) {
        throw new IllegalArgumentException("the queue must hold at least one batch");
      }
      return new FeatureExtractor(this);
    }
  }
}
