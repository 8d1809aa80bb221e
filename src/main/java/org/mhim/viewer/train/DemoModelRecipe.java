package org.mhim.viewer.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.mhim.viewer.features.FeatureDirectory;
import org.mhim.viewer.mil.MhimModel;
import org.mhim.viewer.mil.ModelBundle;
import org.mhim.viewer.mil.ModelManifest;
import org.mhim.viewer.mil.WeightsChoice;

/**
 * Builds the app's demo model from nothing: writes synthetic demo slides (half with tumour), encodes
 * them with the built-in encoder, trains MHIM (AB-MIL: baseline stage, then MHIM) on them, scores the
 * result on held-out demo slides of other seeds, and saves the bundle with its provenance — the
 * recipe, the seeds, the command that rebuilds it, the held-out numbers and the warning that it
 * was trained on synthetic slides and is not for diagnosis.
 *
 * <p>Deterministic on the CPU for the same settings: slides, features and training all follow the
 * seeds.
 */
public final class DemoModelRecipe {

  /** Held-out slides take seeds from here on, far from any training seed. */
  public static final long HELD_OUT_SEED_OFFSET = 100_000;
  public static final String NOT_FOR_DIAGNOSIS =
      "trained on synthetic slides; not for diagnosis";

  /**
   * What to build.
   *
   * @param slides training slides (train + validation), half with tumour
   * @param heldOut held-out slides, half with tumour, scored after training
   * @param width level-0 width of every slide
   * @param height level-0 height of every slide
   * @param seed the first slide's seed; the training run's seed too
   * @param tumorFraction the share of tissue that is tumour on a tumour slide
   * @param training the training recipe
   */
  public record Settings(
      int slides, int heldOut, long width, long height, long seed, double tumorFraction,
      TrainingOptions training) {

    public Settings {
      Objects.requireNonNull(training, "training");
      if (slides < 4 || slides % 2 != 0) {
        throw new IllegalArgumentException("--slides must be an even number of at least 4, not " + slides);
      }
      if (heldOut < 2 || heldOut % 2 != 0) {
        throw new IllegalArgumentException("--held-out must be an even number of at least 2, not " + heldOut);
      }
    }

    /** The recipe the committed demo model was built with. */
    public static Settings defaults() {
      return new Settings(
          16, 4, 4096, 3072, 1, 0.3,
          TrainingOptions.builder().mlpDim(64).epochs(30).baselineEpochs(30).patience(30)
              .studentInit(TrainingOptions.StudentInit.BASELINE)
              .auxAlpha(0.5) // what the committed bundle was trained with (its manifest says so)
              .learningRate(5e-4).seed(1).build());
    }

    public Settings withSlides(int n) {
      return new Settings(n, heldOut, width, height, seed, tumorFraction, training);
    }

    public Settings withHeldOut(int n) {
      return new Settings(slides, n, width, height, seed, tumorFraction, training);
    }

    public Settings withSize(long w, long h) {
      return new Settings(slides, heldOut, w, h, seed, tumorFraction, training);
    }

    /** The slides' first seed and the training seed. */
    public Settings withSeed(long s) {
      return new Settings(slides, heldOut, width, height, s, tumorFraction, rebuildOptions(training, s));
    }

    public Settings withTraining(TrainingOptions options) {
      return new Settings(slides, heldOut, width, height, seed, tumorFraction, options);
    }

    public DemoSlideSet trainingSlides() {
      return new DemoSlideSet("demo-train", slides, width, height, seed, tumorFraction);
    }

    public DemoSlideSet heldOutSlides() {
      return new DemoSlideSet("demo-heldout", heldOut, width, height, seed + HELD_OUT_SEED_OFFSET, tumorFraction);
    }

    /** The command line that rebuilds a bundle with these settings. */
    public String command() {
      return String.format(
          Locale.ROOT, "./mhimview make-demo-model --slides %d --held-out %d --size %dx%d --seed %d",
          slides, heldOut, width, height, seed);
    }

    private static TrainingOptions rebuildOptions(TrainingOptions t, long seed) {
      return new TrainingOptions(
          t.method(), t.aggregator(), t.mlpDim(), t.dropout(), t.epochs(), t.baselineEpochs(), t.patience(),
          seed, t.learningRate(), t.weightDecay(), t.maskRatioH(), t.maskRatioHr(), t.maskRatioHDecay(),
          t.mergeRatio(), t.mergeK(), t.mergeMomentum(), t.auxAlpha(), t.temperature(), t.emaMomentum(),
          t.emaCosine(), t.studentInit(), t.device());
    }
  }

  /** What was built. */
  public record Result(Path bundle, TrainingResult training, DemoHeldOut heldOut, Duration elapsed) {}

  private final Settings settings;
  private final Path work;
  private final Path out;

  /**
   * @param work scratch folder for slides, features and the training run (kept, so a second run
   *     reuses slides and features)
   * @param out the bundle to write
   */
  public DemoModelRecipe(Settings settings, Path work, Path out) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.work = Objects.requireNonNull(work, "work");
    this.out = Objects.requireNonNull(out, "out");
  }

  public Settings settings() {
    return settings;
  }

  /** Runs every step; {@code progress} hears one line per step and per epoch. */
  public Result run(Consumer<String> progress, TrainingListener listener) throws IOException, DatasetException {
    long start = System.nanoTime();
    refuseToReplaceOtherData(out);
    Path slideDir = work.resolve("slides");
    FeatureDirectory features = new FeatureDirectory(work.resolve("features"));
    DemoSlideSet training = settings.trainingSlides();
    DemoSlideSet heldOut = settings.heldOutSlides();
    for (DemoSlideSet set : List.of(training, heldOut)) {
      progress.accept(String.format(Locale.ROOT, "writing %d demo slides %s-* (%dx%d, seeds %d..%d)", set.count(),
          set.prefix(), set.width(), set.height(), set.firstSeed(), set.firstSeed() + set.count() - 1));
      set.write(slideDir);
      progress.accept("extracting " + DemoFeatures.ENCODER + " features of " + set.prefix() + "-*");
      DemoFeatures.extract(set, slideDir, features, p -> {});
    }
    Path run = work.resolve("run");
    deleteTree(run);
    TrainingData data = TrainingData.load(features.root(), DemoSlideSet.CLASSES, split(training));
    progress.accept("training: " + data.summary());
    TrainingResult result =
        Trainer.builder().setData(data).setOptions(settings.training()).setOutput(run).optListener(listener)
            .optLaterEpochOnTies(true)
            .build().run();
    if (!result.completed()) {
      throw new IllegalStateException("training stopped before its end");
    }
    DemoHeldOut scores;
    try (MhimModel model = ModelBundle.load(run, WeightsChoice.STUDENT)) {
      scores = DemoHeldOut.evaluate(model, heldOut, slideDir, features);
      ModelManifest trained = ModelBundle.readManifest(run);
      ModelBundle.save(out, ModelManifest.of(trained.config(), trained.encoder(), provenance(trained, scores)), model);
    }
    progress.accept(String.format(Locale.ROOT,
        "held out (%d slides, %d patches, %d in tumour): slide AUC %.4f, instance AUC %.4f, slide accuracy %.3f",
        scores.slides(), scores.instances(), scores.tumorInstances(), scores.slideAuc(), scores.instanceAuc(),
        scores.slideAccuracy()));
    return new Result(out, result, scores, Duration.ofNanos(System.nanoTime() - start));
  }

  /** The last quarter of the slides (an even count, at least 2) validates; the rest train. */
  static DataSplit split(DemoSlideSet set) {
    List<LabeledSlide> all = set.labeled();
    int val = Math.max(2, (all.size() / 4) & ~1);
    return new DataSplit(
        new ArrayList<>(all.subList(0, all.size() - val)), new ArrayList<>(all.subList(all.size() - val, all.size())),
        List.of());
  }

  private Map<String, String> provenance(ModelManifest trained, DemoHeldOut scores) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("name", "MHIM Viewer demo model");
    p.put("warning", NOT_FOR_DIAGNOSIS);
    p.put("rebuild", settings.command());
    DemoSlideSet t = settings.trainingSlides();
    DemoSlideSet h = settings.heldOutSlides();
    p.put("demo.slides", Integer.toString(t.count()));
    p.put("demo.size", t.width() + "x" + t.height());
    p.put("demo.tumor_fraction", Double.toString(t.tumorFraction()));
    p.put("demo.labels", "even-numbered slides tumor (tumour fraction above), odd-numbered normal (no tumour)");
    p.put("demo.train_seeds", t.firstSeed() + ".." + (t.firstSeed() + t.count() - 1));
    p.put("demo.held_out_seeds", h.firstSeed() + ".." + (h.firstSeed() + h.count() - 1));
    p.put("demo.encoder", DemoFeatures.ENCODER);
    p.put("demo.grid", DemoFeatures.grid().magnification() + "x, " + DemoFeatures.grid().patchSize() + " px patches");
    p.put("held_out.slides", Integer.toString(scores.slides()));
    p.put("held_out.instances", Integer.toString(scores.instances()));
    p.put("held_out.tumor_instances", Integer.toString(scores.tumorInstances()));
    p.put("held_out.slide_auc", Double.toString(scores.slideAuc()));
    p.put("held_out.instance_auc", Double.toString(scores.instanceAuc()));
    p.put("held_out.slide_accuracy", Double.toString(scores.slideAccuracy()));
    trained.provenance().forEach(p::putIfAbsent);
    p.put("trained_by", "mhimview make-demo-model");
    return p;
  }

  /** Saving replaces the folder: only an existing bundle, an empty folder or nothing may be there. */
  private static void refuseToReplaceOtherData(Path out) throws IOException {
    if (Files.exists(out) && !ModelBundle.isBundle(out)) {
      boolean empty;
      try (var entries = Files.list(out)) {
        empty = entries.findAny().isEmpty();
      } catch (NotDirectoryException e) {
        throw new IllegalArgumentException(out + " exists and is not a folder");
      }
      if (!empty) {
        throw new IllegalArgumentException(out + " is a folder that is neither empty nor a model bundle");
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
