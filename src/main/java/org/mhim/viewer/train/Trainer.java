package org.mhim.viewer.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.mhim.viewer.features.Cancellation;
import org.mhim.viewer.features.FeatureBag;
import org.mhim.viewer.mil.ActivationKind;
import org.mhim.viewer.mil.AdamOptimizer;
import org.mhim.viewer.mil.CosineSchedule;
import org.mhim.viewer.mil.EncoderInfo;
import org.mhim.viewer.mil.MhimConfig;
import org.mhim.viewer.mil.MhimNetwork;
import org.mhim.viewer.mil.MhimTrainingStep;
import org.mhim.viewer.mil.ModelBundle;
import org.mhim.viewer.mil.ModelManifest;
import org.mhim.viewer.mil.SeededStepRandomness;
import org.mhim.viewer.mil.StateDicts;
import org.mhim.viewer.mil.StepControls;
import org.mhim.viewer.mil.StepResult;
import org.mhim.viewer.mil.TrainingNetworks;
import org.mhim.viewer.mil.WeightTensor;

/**
 * Runs the two-stage MHIM recipe on a {@link TrainingData}: stage 1 trains the aggregator alone and
 * its best weights (by validation AUC) initialise the teacher; stage 2 trains a fresh student (or
 * one started from the baseline) with teacher masking, recycling, the consistency loss and an EMA
 * teacher. One bag per step, bags shuffled per epoch, Adam with a cosine learning-rate schedule
 * over each stage's epochs (stepped per epoch), early stopping on validation AUC of the student
 * scored as predict scores it (whole bag, no recycled tokens).
 *
 * <p>After every epoch the whole state is checkpointed atomically in the output folder, so a run
 * stopped at any moment resumes with {@code optResume(true)} from its last finished epoch and ends
 * exactly as an uninterrupted run would (on the CPU: every random choice — initial weights, bag
 * order, masking, recycling, dropout — is drawn from generators seeded by (seed, stage, epoch)).
 * At the end the output folder becomes a {@link ModelBundle} with {@code history.csv}.
 *
 * <p>Engine seeding is process-wide in DJL: run one training at a time per JVM.
 */
public final class Trainer {

  private final TrainingData data;
  private final TrainingOptions options;
  private final Path out;
  private final TrainingListener listener;
  private final Cancellation cancellation;
  private final boolean resume;
  private final boolean laterOnTies;
  private final StartingModel startFrom;
  private final MhimConfig config;

  private Trainer(Builder b) {
    data = b.data;
    options = b.options;
    out = b.out;
    listener = b.listener;
    cancellation = b.cancellation;
    resume = b.resume;
    laterOnTies = b.laterOnTies;
    startFrom = b.startFrom;
    config = startFrom == null ? configOf(options, data) : startFrom.fineTuning(configOf(options, data), data.encoderId());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The model's hyperparameters for {@code options} on {@code data}. */
  public static MhimConfig configOf(TrainingOptions options, TrainingData data) {
    float dropout = options.dropout();
    return new MhimConfig(
        options.aggregator(), data.inputDim(), options.mlpDim(), data.classNames(), ActivationKind.RELU,
        ActivationKind.GELU, 8, dropout, dropout == 0f ? 0f : 0.1f, options.maskRatioH(),
        options.maskRatioHr(), true, options.mergeK(), options.mergeMomentum(), options.mergeRatio(),
        options.temperature(), options.auxAlpha(), options.emaMomentum());
  }

  /** The recipe as checkpoints and the bundle's provenance record it: the options, and the model fine-tuned. */
  private Map<String, String> recipe() {
    Map<String, String> recipe = options.describe();
    if (startFrom != null) {
      recipe.put("fine_tuned_from", startFrom.source());
    }
    return recipe;
  }

  /** Where the run's checkpoint lives. */
  public static Path checkpointFile(Path out) {
    return out.resolve(TrainingCheckpoint.FILE);
  }

  /**
   * Trains to the end, or until cancelled (then the last epoch's checkpoint stays for a resume).
   *
   * @throws IOException when the output cannot be written or the checkpoint to resume is unusable
   * @throws IllegalArgumentException when the output folder or the options do not fit the request
   */
  public TrainingResult run() throws IOException {
    Path ckptFile = checkpointFile(out);
    TrainingCheckpoint start = resume ? resumePoint(ckptFile) : null;
    if (!resume) {
      checkFreshOutput();
    }
    Device device = deviceOf(options.device());
    try (NDManager manager = NDManager.newBaseManager(device)) {
      Run run = new Run(manager, ckptFile);
      return run.go(start);
    }
  }

  private TrainingCheckpoint resumePoint(Path ckptFile) throws IOException {
    if (!Files.isRegularFile(ckptFile)) {
      throw new IllegalArgumentException(
          out + ": nothing to resume (no " + TrainingCheckpoint.FILE + "; a finished run leaves none)");
    }
    TrainingCheckpoint checkpoint = TrainingCheckpoint.read(ckptFile);
    Map<String, String> now = recipe();
    List<String> differences = new ArrayList<>();
    now.forEach(
        (key, value) -> {
          if (!key.equals("device") && !value.equals(checkpoint.recipe().get(key))) {
            differences.add(key + " was " + checkpoint.recipe().get(key) + ", now " + value);
          }
        });
    checkpoint.recipe().keySet().stream().filter(key -> !key.equals("device") && !now.containsKey(key))
        .forEach(key -> differences.add(key + " was " + checkpoint.recipe().get(key) + ", now not given"));
    if (!differences.isEmpty()) {
      throw new IllegalArgumentException(
          "cannot resume " + out + " with other options: " + String.join("; ", differences));
    }
    return checkpoint;
  }

  private void checkFreshOutput() throws IOException {
    if (Files.isRegularFile(checkpointFile(out))) {
      throw new IllegalArgumentException(
          out + " holds an unfinished run: pass --resume to continue it, or choose another --out");
    }
    if (Files.isDirectory(out) && !ModelBundle.isBundle(out)) {
      try (Stream<Path> entries = Files.list(out)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException(out + " is a folder that is neither empty nor a model bundle");
        }
      }
    } else if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new IllegalArgumentException(out + " exists and is not a folder");
    }
  }

  private static Device deviceOf(String name) {
    if ("gpu".equals(name)) {
      if (Engine.getInstance().getGpuCount() == 0) {
        throw new IllegalArgumentException("--device gpu: no GPU is visible to PyTorch");
      }
      return Device.gpu();
    }
    return Device.cpu();
  }

  /** A seed for one purpose of one epoch of one stage, decorrelated from the others. */
  static long seedFor(long seed, String purpose, TrainingStage stage, int epoch) {
    long mixed = seed * 0x9E3779B97F4A7C15L + purpose.hashCode() * 31L + stage.ordinal() * 1_000_003L + epoch;
    return new SplittableRandom(mixed).nextLong();
  }

  /** The mutable state of one run (not shared; the Trainer itself stays immutable). */
  private final class Run {
    private final NDManager manager;
    private final Path ckptFile;
    private final List<EpochRecord> history = new ArrayList<>();
    private final List<StageResult> finished = new ArrayList<>();
    private MhimNetwork student;
    private MhimNetwork teacher;
    private AdamOptimizer adam;
    private EarlyStopping early;
    private Map<String, WeightTensor> bestStudent = Map.of();
    private Map<String, WeightTensor> bestTeacher = Map.of();
    /** The fine-tuned model's validation metrics before training; null when not fine-tuning. */
    private ClassificationMetrics startValidation;

    Run(NDManager manager, Path ckptFile) {
      this.manager = manager;
      this.ckptFile = ckptFile;
    }

    TrainingResult go(TrainingCheckpoint start) throws IOException {
      TrainingStage stage;
      int epochsDone;
      if (startFrom != null) {
        MhimNetwork before = networkWith(startFrom.student(), "init", TrainingStage.MHIM, "the student of "
            + startFrom.source());
        startValidation = SlideScorer.score(before, manager, data::bag, data.split().val(), data.classNames());
        listener.startingModelScored(startValidation);
      }
      if (start == null && startFrom != null) {
        // Fine-tuning: straight to the last stage the method runs, from the model's weights.
        stage = options.method() == TrainingOptions.Method.MHIM ? TrainingStage.MHIM : TrainingStage.BASELINE;
        epochsDone = 0;
        student = networkWith(startFrom.student(), "init", stage, "the student of " + startFrom.source());
        teacher = stage == TrainingStage.BASELINE ? null
            : startFrom.teacher().isEmpty()
                ? networkWith(startFrom.student(), "teacher", stage, "the student of " + startFrom.source())
                : networkWith(startFrom.teacher(), "teacher", stage, "the teacher of " + startFrom.source());
        startOptimizer();
        save(stage, 0);
      } else if (start == null) {
        stage = TrainingStage.BASELINE;
        epochsDone = 0;
        student = newNetwork(seedFor(options.seed(), "init", stage, 0));
        teacher = null;
        startOptimizer();
        save(stage, 0);
      } else {
        stage = start.stage();
        epochsDone = start.epochsDone();
        restore(start);
      }
      while (true) {
        if (cancellation.isCancelled()) {
          return cancelled();
        }
        StageResult result = trainStage(stage, epochsDone);
        if (result == null) {
          return cancelled();
        }
        finished.add(result);
        listener.stageFinished(result);
        if (stage == TrainingStage.BASELINE && options.method() == TrainingOptions.Method.MHIM) {
          startMhimStage();
          stage = TrainingStage.MHIM;
          epochsDone = 0;
          save(stage, 0);
        } else {
          return finish(stage);
        }
      }
    }

    private TrainingResult cancelled() {
      return new TrainingResult(false, null, finished, history);
    }

    private MhimNetwork newNetwork(long seed) {
      Engine.getInstance().setRandomSeed((int) seed);
      MhimNetwork net = TrainingNetworks.create(config);
      net.initialize(manager, DataType.FLOAT32, new Shape(1, config.inputDim()));
      return net;
    }

    /** The teacher takes the baseline's best weights; the student starts fresh or from them too. */
    private void startMhimStage() throws IOException {
      teacher = newNetwork(seedFor(options.seed(), "teacher", TrainingStage.MHIM, 0));
      StateDicts.load(teacher, bestStudent, "the baseline's best weights");
      student = newNetwork(seedFor(options.seed(), "init", TrainingStage.MHIM, 0));
      if (options.studentInit() == TrainingOptions.StudentInit.BASELINE) {
        StateDicts.load(student, bestStudent, "the baseline's best weights");
      }
      startOptimizer();
      bestStudent = Map.of();
      bestTeacher = Map.of();
    }

    private void startOptimizer() {
      adam = new AdamOptimizer(options.weightDecay());
      early = EarlyStopping.start(options.patience(), laterOnTies);
    }

    /**
     * A network holding {@code weights}; a recycle network they lack (a model trained without
     * recycling) starts from the seed's fresh weights.
     */
    private MhimNetwork networkWith(
        Map<String, WeightTensor> weights, String purpose, TrainingStage stage, String source) throws IOException {
      MhimNetwork net = newNetwork(seedFor(options.seed(), purpose, stage, 0));
      Map<String, WeightTensor> all = new LinkedHashMap<>();
      StateDicts.export(net).forEach((name, fresh) -> {
        if (name.startsWith(StateDicts.RECYCLE_PREFIX)) {
          all.put(name, fresh);
        }
      });
      all.putAll(weights);
      StateDicts.load(net, all, source);
      return net;
    }

    private void restore(TrainingCheckpoint c) throws IOException {
      history.addAll(c.history());
      finished.addAll(c.finished());
      early = c.earlyStopping();
      student = newNetwork(0);
      StateDicts.load(student, c.tensorsUnder("student."), ckptFile + " (student)");
      Map<String, WeightTensor> teacherWeights = c.tensorsUnder("teacher.");
      if (!teacherWeights.isEmpty()) {
        teacher = newNetwork(0);
        StateDicts.load(teacher, teacherWeights, ckptFile + " (teacher)");
      }
      bestStudent = c.tensorsUnder("best.student.");
      bestTeacher = c.tensorsUnder("best.teacher.");
      Map<String, WeightTensor> means = c.tensorsUnder("adam.m.");
      Map<String, WeightTensor> variances = c.tensorsUnder("adam.v.");
      Map<String, AdamOptimizer.Moments> moments = new LinkedHashMap<>();
      means.forEach(
          (name, m) -> {
            WeightTensor v = variances.get(name);
            Long steps = c.adamSteps().get(name);
            if (v == null || steps == null) {
              throw new IllegalArgumentException(ckptFile + ": optimizer state of " + name + " is incomplete");
            }
            moments.put(name, new AdamOptimizer.Moments(m, v, steps));
          });
      adam = new AdamOptimizer(options.weightDecay());
      adam.restore(moments);
    }

    private void save(TrainingStage stage, int epochsDone) throws IOException {
      Map<String, WeightTensor> tensors = new LinkedHashMap<>();
      StateDicts.export(student).forEach((k, v) -> tensors.put("student." + k, v));
      if (teacher != null) {
        StateDicts.export(teacher).forEach((k, v) -> tensors.put("teacher." + k, v));
      }
      bestStudent.forEach((k, v) -> tensors.put("best.student." + k, v));
      bestTeacher.forEach((k, v) -> tensors.put("best.teacher." + k, v));
      Map<String, Long> steps = new LinkedHashMap<>();
      adam.state().forEach(
          (k, m) -> {
            tensors.put("adam.m." + k, m.mean());
            tensors.put("adam.v." + k, m.variance());
            steps.put(k, m.steps());
          });
      new TrainingCheckpoint(recipe(), stage, epochsDone, early, history, finished, steps, tensors)
          .write(ckptFile);
    }

    /** Trains one stage from {@code epochsDone}; null when cancelled. */
    private StageResult trainStage(TrainingStage stage, int epochsDone) throws IOException {
      int maxEpochs = stage == TrainingStage.BASELINE ? options.baselineEpochs() : options.epochs();
      List<LabeledSlide> train = data.split().train();
      int steps = train.size();
      int total = maxEpochs * steps;
      // The learning rate steps once per epoch, as the reference's CosineAnnealingLR over the
      // epochs (stepped after each epoch); the mask ratio and teacher momentum move every iteration.
      CosineSchedule lr = new CosineSchedule(options.learningRate(), 0, maxEpochs);
      CosineSchedule maskRatio =
          options.maskRatioHDecay()
              ? new CosineSchedule(options.maskRatioH(), 0, total)
              : CosineSchedule.constant(options.maskRatioH());
      CosineSchedule momentum =
          options.emaCosine()
              ? new CosineSchedule(options.emaMomentum(), 1, total)
              : CosineSchedule.constant(options.emaMomentum());
      BaselineStep baseline = stage == TrainingStage.BASELINE ? new BaselineStep(student, adam, manager) : null;
      MhimTrainingStep mhim =
          stage == TrainingStage.MHIM
              ? MhimTrainingStep.builder()
                  .setStudent(student)
                  .setTeacher(teacher)
                  .setManager(manager)
                  .optConfig(config)
                  .optOptimizer(adam)
                  .build()
              : null;
      listener.stageStarted(stage, epochsDone + 1, maxEpochs);
      for (int epoch = epochsDone + 1; epoch <= maxEpochs && !early.shouldStop(); epoch++) {
        long started = System.nanoTime();
        Engine.getInstance().setRandomSeed((int) seedFor(options.seed(), "dropout", stage, epoch));
        List<LabeledSlide> order = new ArrayList<>(train);
        Collections.shuffle(order, new Random(seedFor(options.seed(), "order", stage, epoch)));
        SeededStepRandomness randomness =
            new SeededStepRandomness(seedFor(options.seed(), "masking", stage, epoch));
        double sumTotal = 0;
        double sumCe = 0;
        double sumAux = 0;
        double epochRate = lr.valueAt(epoch - 1);
        for (int i = 0; i < steps; i++) {
          if (cancellation.isCancelled()) {
            return null;
          }
          LabeledSlide slide = order.get(i);
          long iteration = (long) (epoch - 1) * steps + i;
          FeatureBag bag = data.bag(slide.slideId());
          try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(bag.features(), new Shape(bag.count(), bag.dim())); // [N, input_dim]
            if (baseline != null) {
              double ce = baseline.step(x, slide.label(), epochRate);
              sumCe += ce;
              sumTotal += ce;
            } else {
              StepResult r =
                  mhim.step(x, slide.label(),
                      new StepControls(epochRate, maskRatio.valueAt(iteration), momentum.valueAt(iteration)),
                      randomness);
              sumCe += r.ceLoss();
              sumAux += r.auxLoss();
              sumTotal += r.totalLoss();
            }
          }
          listener.stepFinished(stage, epoch, i + 1, steps);
        }
        ClassificationMetrics val =
            SlideScorer.score(student, manager, data::bag, data.split().val(), data.classNames());
        early = early.after(epoch, val.auc());
        if (early.lastWasBest(epoch)) {
          bestStudent = StateDicts.export(student);
          bestTeacher = teacher == null ? Map.of() : StateDicts.export(teacher);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        EpochRecord record =
            new EpochRecord(
                stage.id(), epoch, epochRate, sumTotal / steps, sumCe / steps,
                sumAux / steps, val, seconds);
        history.add(record);
        save(stage, epoch);
        HistoryCsv.write(out.resolve("history.csv"), history);
        listener.epochFinished(record);
        if (cancellation.isCancelled()) {
          return null;
        }
      }
      int epochsRun = (int) history.stream().filter(r -> r.stage().equals(stage.id())).count();
      EpochRecord best =
          history.stream()
              .filter(r -> r.stage().equals(stage.id()) && r.epoch() == early.bestEpoch())
              .findFirst()
              .orElseThrow();
      ClassificationMetrics test = null;
      if (!data.split().test().isEmpty()) {
        MhimNetwork scorer = newNetwork(0);
        StateDicts.load(scorer, bestStudent, "the best weights");
        test =
            SlideScorer.score(scorer, manager, data::bag, data.split().test(), data.classNames());
      }
      return new StageResult(stage, early.bestEpoch(), epochsRun, best.validation(), test);
    }

    private TrainingResult finish(TrainingStage last) throws IOException {
      Map<String, String> provenance = new LinkedHashMap<>();
      provenance.put("trained_by", "mhimview train");
      provenance.put("trained_at", Instant.now().toString());
      recipe().forEach((k, v) -> provenance.put("recipe." + k, v));
      data.summary().forEach(
          (split, counts) ->
              counts.forEach((cls, n) -> provenance.put("data." + split + "." + cls, Integer.toString(n))));
      if (startValidation != null) {
        putMetrics(provenance, "metrics.start.val.", startValidation);
      }
      for (StageResult r : finished) {
        String p = "metrics." + r.stage().id() + ".";
        provenance.put(p + "best_epoch", Integer.toString(r.bestEpoch()));
        provenance.put(p + "epochs_run", Integer.toString(r.epochsRun()));
        putMetrics(provenance, p + "val.", r.validation());
        if (r.test() != null) {
          putMetrics(provenance, p + "test.", r.test());
        }
      }
      FeatureBag any = data.bags().values().iterator().next();
      EncoderInfo encoder =
          new EncoderInfo(
              data.encoderId().isEmpty() ? null : data.encoderId(),
              any.attributes().patchSize() > 0 ? any.attributes().patchSize() : null,
              any.attributes().magnification() > 0 ? any.attributes().magnification() : null);
      // A baseline-only model was never trained with recycled tokens: its inference must not add them.
      MhimConfig c = config;
      MhimConfig bundled =
          new MhimConfig(c.aggregator(), c.inputDim(), c.mlpDim(), c.classNames(), c.activation(),
              c.attentionActivation(), c.heads(), c.dropout(), c.attentionDropout(), c.maskRatioH(),
              c.maskRatioHr(), last == TrainingStage.MHIM, c.mergeK(), c.mergeMomentum(), c.mergeRatio(),
              c.tempT(), c.auxAlpha(), c.emaMomentum());
      ModelManifest manifest = ModelManifest.of(bundled, encoder, provenance);
      ModelBundle.save(out, manifest, bestStudent, last == TrainingStage.MHIM ? bestTeacher : null);
      HistoryCsv.write(out.resolve("history.csv"), history);
      return new TrainingResult(true, out, finished, history);
    }

    private void putMetrics(Map<String, String> provenance, String prefix, ClassificationMetrics m) {
      provenance.put(prefix + "auc", Double.toString(m.auc()));
      provenance.put(prefix + "accuracy", Double.toString(m.accuracy()));
      provenance.put(prefix + "balanced_accuracy", Double.toString(m.balancedAccuracy()));
      provenance.put(prefix + "f1", Double.toString(m.f1()));
      provenance.put(prefix + "n", Integer.toString(m.n()));
    }
  }

  /** Builder: {@code setData}, {@code setOptions}, {@code setOutput} required. */
  public static final class Builder {
    private TrainingData data;
    private TrainingOptions options;
    private Path out;
    private TrainingListener listener = TrainingListener.NONE;
    private Cancellation cancellation = new Cancellation();
    private boolean resume;
    private boolean laterOnTies;
    private StartingModel startFrom;

    private Builder() {}

    public Builder setData(TrainingData data) {
      this.data = data;
      return this;
    }

    public Builder setOptions(TrainingOptions options) {
      this.options = options;
      return this;
    }

    /** The model folder: the checkpoint and history while training, the bundle at the end. */
    public Builder setOutput(Path out) {
      this.out = out;
      return this;
    }

    public Builder optListener(TrainingListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Checked before every step; once set, the run returns, its last checkpoint kept. */
    public Builder optCancellation(Cancellation cancellation) {
      this.cancellation = Objects.requireNonNull(cancellation, "cancellation");
      return this;
    }

    /** Continue the run whose checkpoint is in the output folder. */
    public Builder optResume(boolean resume) {
      this.resume = resume;
      return this;
    }

    /**
     * On an equal validation AUC keep the later epoch as the best (default: the first); for small
     * validation sets whose AUC saturates in the first epochs.
     */
    public Builder optLaterEpochOnTies(boolean laterOnTies) {
      this.laterOnTies = laterOnTies;
      return this;
    }

    /**
     * Fine-tune {@code model}: its shape and weights, the options' training settings; the run starts
     * in the last stage the method runs (the MHIM stage, its teacher the model's teacher, or its
     * student when it has none) and the baseline stage is skipped unless it is the only one.
     */
    public Builder optStartFrom(StartingModel model) {
      this.startFrom = Objects.requireNonNull(model, "model");
      return this;
    }

    /**
     * @throws IllegalArgumentException when data, options or output are missing, or the model to
     *     fine-tune does not fit them
     */
    public Trainer build() {
      if (data == null || options == null || out == null) {
        throw new IllegalArgumentException("a trainer needs data, options and an output folder");
      }
      return new Trainer(this);
    }
  }
}
