package org.mhim.viewer.analysis;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.mhim.viewer.features.Cancellation;
import org.mhim.viewer.features.Devices;
import org.mhim.viewer.features.ExtractionListener;
import org.mhim.viewer.features.FeatureBag;
import org.mhim.viewer.features.FeatureCache;
import org.mhim.viewer.features.FeatureExtractor;
import org.mhim.viewer.features.PatchEncoder;
import org.mhim.viewer.io.FileNames;
import org.mhim.viewer.mil.Bag;
import org.mhim.viewer.mil.HardInstance;
import org.mhim.viewer.mil.MhimModel;
import org.mhim.viewer.mil.ModelBundle;
import org.mhim.viewer.mil.ModelManifest;
import org.mhim.viewer.mil.Prediction;
import org.mhim.viewer.mil.WeightsChoice;
import org.mhim.viewer.slide.RegionSource;
import org.mhim.viewer.slide.SlideImage;
import org.mhim.viewer.tissue.PatchGrid;
import org.mhim.viewer.tissue.TissueDetector;
import org.mhim.viewer.tissue.TissueMask;

/**
 * Slide → {@link SlideResult}: tissue detection, the patch grid at the model's magnification and
 * patch size, features from the model's encoder (through the feature cache, so a second run skips
 * tissue, grid and encoding), then the student's prediction with the teacher's scores for the hard
 * instances. One model and encoder, many slides, one at a time; UI-agnostic (the viewer wraps
 * {@link #analyze} in a background task). Owns native memory and threads: close it.
 *
 * <pre>{@code
 * try (SlideAnalyzer analyzer = SlideAnalyzer.builder().setModel(bundle).optHardRatio(0.05).build()) {
 *   SlideResult result = analyzer.analyzeTo(slide, outDir, listener, cancellation);
 * }
 * }</pre>
 */
public final class SlideAnalyzer implements AutoCloseable {

  private final Path bundle;
  private final String modelId;
  private final boolean demoModel;
  private final MhimModel model;
  private final FeatureExtractor extractor;
  private final TissueDetector detector;
  private final double hardRatio;

  private SlideAnalyzer(Builder builder, double hardRatio, MhimModel model, FeatureExtractor extractor) {
    this.bundle = builder.bundle;
    this.modelId = builder.bundle.toAbsolutePath().normalize().getFileName().toString();
    this.demoModel = builder.demoModel;
    this.model = model;
    this.extractor = extractor;
    this.detector = new TissueDetector(extractor.tissueSettings());
    this.hardRatio = hardRatio;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The model's class names, in output order. */
  public List<String> classNames() {
    return model.config().classNames();
  }

  public String encoderId() {
    return extractor.encoder().id();
  }

  /** The model bundle folder (what {@link WhatRemains#open} loads again). */
  public Path bundle() {
    return bundle;
  }

  public String modelId() {
    return modelId;
  }

  public double hardRatio() {
    return hardRatio;
  }

  /**
   * Analyses one slide file.
   *
   * @throws CancellationException when {@code cancellation} is set (within about a second)
   * @throws AnalysisException naming the slide when it has no tissue
   * @throws org.mhim.viewer.slide.SlideException naming the slide when it cannot be read
   * @throws org.mhim.viewer.features.ExtractionException naming the slide when a patch fails
   */
  public SlideResult analyze(Path slideFile, AnalysisListener listener, Cancellation cancellation) {
    try (SlideImage slide = SlideImage.open(slideFile)) {
      return analyze(slide, slideId(slideFile), listener, cancellation);
    }
  }

  /**
   * Analyses one slide file and writes its four result files into {@code outDir}. Nothing is
   * written when the analysis fails or is cancelled; when writing itself fails, the files of this
   * slide are removed again, so the folder never holds a partial set.
   *
   * @throws IOException naming the file that cannot be written
   */
  public SlideResult analyzeTo(Path slideFile, Path outDir, AnalysisListener listener, Cancellation cancellation)
      throws IOException {
    return analyzeToKeepingBag(slideFile, outDir, listener, cancellation).result();
  }

  /**
   * As {@link #analyzeTo}, and keeps the feature bag beside the result, for {@link WhatRemains}.
   *
   * @throws IOException naming the file that cannot be written
   */
  public ResultWithBag analyzeToKeepingBag(
      Path slideFile, Path outDir, AnalysisListener listener, Cancellation cancellation) throws IOException {
    try (SlideImage slide = SlideImage.open(slideFile)) {
      ResultWithBag analysis = analyzeKeepingBag(slide, slideId(slideFile), listener, cancellation);
      SlideResult result = analysis.result();
      checkCancelled(cancellation, result.slideId());
      listener.onProgress(new AnalysisProgress(result.slideId(), AnalysisPhase.WRITING, 0, 1, 0));
      Files.createDirectories(outDir);
      ResultFiles files = ResultFiles.of(outDir, result);
      try {
        files.writeAll(result, slide);
      } catch (IOException | RuntimeException e) {
        for (Path p : List.of(files.summaryJson(), files.instancesCsv(), files.geoJson(), files.heatmapPng())) {
          Files.deleteIfExists(p);
        }
        throw e;
      }
      listener.onProgress(new AnalysisProgress(result.slideId(), AnalysisPhase.WRITING, 1, 1, 0));
      return analysis;
    }
  }

  /** Analyses an open slide; {@code slideId} names the result (a file name without extension). */
  public SlideResult analyze(
      RegionSource slide, String slideId, AnalysisListener listener, Cancellation cancellation) {
    return analyzeKeepingBag(slide, slideId, listener, cancellation).result();
  }

  /**
   * As {@link #analyze(RegionSource, String, AnalysisListener, Cancellation)}, and keeps the
   * feature bag beside the result, for {@link WhatRemains}.
   */
  public ResultWithBag analyzeKeepingBag(
      RegionSource slide, String slideId, AnalysisListener listener, Cancellation cancellation) {
    Path path = slide.metadata().path();
    checkCancelled(cancellation, slideId);
    long tissueMs = 0;
    long gridMs = 0;
    long start = System.nanoTime();
    Optional<FeatureBag> cached = extractor.cached(slide, slideId);
    FeatureBag bag;
    if (cached.isPresent()) {
      bag = cached.get();
      report(listener, slideId, AnalysisPhase.FEATURES, bag.count(), bag.count(), 0);
    } else {
      report(listener, slideId, AnalysisPhase.TISSUE, 0, 1, 0);
      TissueMask tissue = detector.detect(slide, cancellation::isCancelled);
      tissueMs = millisSince(start);
      if (tissue.isEmpty()) {
        throw new AnalysisException(path, "no tissue found on the slide, so there is nothing to analyse");
      }
      checkCancelled(cancellation, slideId);
      report(listener, slideId, AnalysisPhase.GRID, 0, 1, 0);
      start = System.nanoTime();
      PatchGrid grid = PatchGrid.build(slide.metadata(), tissue, extractor.gridSettings());
      gridMs = millisSince(start);
      if (grid.count() == 0) {
        throw new AnalysisException(
            path,
            "no patch of " + grid.outputSize() + " px at " + grid.magnification()
                + "× is at least half tissue, so there is nothing to analyse");
      }
      start = System.nanoTime();
      ExtractionListener features =
          p -> report(listener, slideId, AnalysisPhase.FEATURES, p.done(), p.total(), p.patchesPerSecond());
      bag = extractor.extractAndCache(slide, slideId, grid, features, cancellation);
    }
    long featuresMs = millisSince(start);
    if (bag.count() == 0) {
      throw new AnalysisException(path, "no tissue found on the slide, so there is nothing to analyse");
    }
    checkCancelled(cancellation, slideId);
    report(listener, slideId, AnalysisPhase.MODEL, 0, 1, 0);
    start = System.nanoTime();
    Bag modelBag = new Bag(bag.features(), bag.count(), bag.dim());
    Prediction prediction = model.predict(modelBag, true);
    Instances instances = instances(bag, prediction);
    long modelMs = millisSince(start);
    report(listener, slideId, AnalysisPhase.MODEL, 1, 1, 0);
    SlideResult result = new SlideResult(
        slideId, path, modelId, extractor.encoder().id(), demoModel, prediction.classNames(),
        prediction.logits(), prediction.probabilities(), prediction.predictedClass(), instances,
        hardRatio, new PhaseTimings(tissueMs, gridMs, featuresMs, modelMs));
    return new ResultWithBag(result, modelBag);
  }

  /** The per-instance evidence on the bag's patches; the score is the teacher's, which ranks hard instances. */
  private Instances instances(FeatureBag bag, Prediction prediction) {
    int n = bag.count();
    int side = Math.toIntExact(bag.attributes().patchSizeLevel0());
    int[] x = new int[n];
    int[] y = new int[n];
    int[] size = new int[n];
    for (int i = 0; i < n; i++) {
      x[i] = Math.toIntExact(bag.x(i));
      y[i] = Math.toIntExact(bag.y(i));
      size[i] = side;
    }
    int[] ranks = new int[n];
    Arrays.fill(ranks, HardInstances.NOT_HARD);
    for (HardInstance hard : prediction.hardInstances(hardRatio)) {
      ranks[hard.index()] = hard.rank();
    }
    return new Instances(
        prediction.classNames().size(), x, y, size, size, prediction.instanceProbabilities(),
        prediction.teacherScores(), prediction.attention(), ranks);
  }

  /** The name results carry: the slide's file name without its extension (CLAM's convention). */
  public static String slideId(Path slideFile) {
    return FileNames.stem(slideFile);
  }

  private static void report(
      AnalysisListener listener, String slideId, AnalysisPhase phase, long done, long total, double rate) {
    listener.onProgress(new AnalysisProgress(slideId, phase, done, total, rate));
  }

  private static void checkCancelled(Cancellation cancellation, String slideId) {
    if (cancellation.isCancelled() || Thread.currentThread().isInterrupted()) {
      throw new CancellationException(slideId + ": analysis cancelled");
    }
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /** Releases the model, the encoder and the extraction threads. */
  @Override
  public void close() {
    try {
      extractor.close();
    } finally {
      model.close();
    }
  }

  @Override
  public String toString() {
    return "SlideAnalyzer[" + bundle + ", " + extractor.encoder().id() + "]";
  }

  /** Builds a {@link SlideAnalyzer}: {@code set…} is required, {@code opt…} optional. */
  public static final class Builder {
    private Path bundle;
    private boolean demoModel;
    private String encoder;
    private Device device;
    private Double hardRatio;
    private FeatureCache cache;
    private Integer readerThreads;
    private int batchSize = 32;
    private Double downsample;

    private Builder() {}

    /** The model bundle folder (see {@link org.mhim.viewer.mil.ModelLocator} for {@code demo}). */
    public Builder setModel(Path bundle) {
      this.bundle = bundle;
      return this;
    }

    /** Marks the model as the bundled demo model: the outputs then say "not for diagnosis". */
    public Builder optDemoModel(boolean demo) {
      this.demoModel = demo;
      return this;
    }

    /**
     * The patch encoder: a built-in id or a TorchScript file; it must be the one the model's
     * manifest names and give the model's input dimension. Default: the manifest's encoder.
     */
    public Builder optEncoder(String encoder) {
      this.encoder = encoder;
      return this;
    }

    /** Where the encoder runs (default: GPU when PyTorch sees one, else CPU). */
    public Builder optDevice(Device device) {
      this.device = device;
      return this;
    }

    /** Share of instances the teacher masks, in [0, 1] (default: the model's mask_ratio_h). */
    public Builder optHardRatio(double ratio) {
      HardInstances.checkRatio(ratio);
      this.hardRatio = ratio;
      return this;
    }

    /** Where feature bags are kept for next time (default: none). */
    public Builder optCache(FeatureCache cache) {
      this.cache = cache;
      return this;
    }

    /** Threads reading patches (default 2–4, by the processors). */
    public Builder optReaderThreads(int threads) {
      this.readerThreads = threads;
      return this;
    }

    /** Patches per encoder call (default 32). */
    public Builder optBatchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Level-0 pixels per patch pixel for every slide, instead of working it out from the slide's
     * pixel size and the model's magnification: for slides that state neither their pixel size nor
     * their objective power (default: from the slide).
     */
    public Builder optDownsample(double downsample) {
      this.downsample = downsample;
      return this;
    }

    /**
     * Loads the model and opens its encoder.
     *
     * @throws IOException naming the bundle when it cannot be read
     * @throws AnalysisException naming the bundle when the encoder disagrees with the model
     */
    public SlideAnalyzer build() throws IOException {
      if (bundle == null) {
        throw new IllegalArgumentException("an analyzer needs a model bundle (setModel)");
      }
      ModelManifest manifest = ModelBundle.readManifest(bundle);
      double ratio = hardRatio != null ? hardRatio : manifest.config().maskRatioH();
      if (!(ratio >= 0 && ratio <= 1)) {
        throw new AnalysisException(bundle, "mask_ratio_h " + ratio + " is not a ratio; give the hard-instance ratio");
      }
      PatchEncoder patchEncoder =
          ModelEncoders.open(bundle, manifest, encoder, device != null ? device : Devices.best());
      FeatureExtractor extractor;
      try {
        FeatureExtractor.Builder features =
            FeatureExtractor.builder()
                .setEncoder(patchEncoder)
                .optGridSettings(downsample == null
                    ? ModelEncoders.grid(manifest)
                    : ModelEncoders.grid(manifest).withDownsampleOverride(downsample))
                .optBatchSize(batchSize);
        if (readerThreads != null) {
          features.optReaderThreads(readerThreads);
        }
        if (cache != null) {
          features.optCache(cache);
        }
        extractor = features.build();
      } catch (RuntimeException e) {
        patchEncoder.close();
        throw e;
      }
      try {
        MhimModel model = ModelBundle.load(bundle, WeightsChoice.STUDENT);
        return new SlideAnalyzer(this, ratio, model, extractor);
      } catch (IOException | RuntimeException e) {
        extractor.close();
        throw e;
      }
    }
  }
}
