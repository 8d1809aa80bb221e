package org.mhim.viewer.cli;

import ai.djl.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.mhim.viewer.analysis.BundledEncoders;
import org.mhim.viewer.analysis.ModelEncoders;
import org.mhim.viewer.features.Cancellation;
import org.mhim.viewer.features.PatchEncoders;
import org.mhim.viewer.features.TorchScriptEncoder;
import org.mhim.viewer.mil.AggregatorKind;
import org.mhim.viewer.mil.ModelBundle;
import org.mhim.viewer.mil.ModelFiles;
import org.mhim.viewer.mil.ModelManifest;
import org.mhim.viewer.tissue.PatchGridSettings;
import org.mhim.viewer.train.DataSplit;
import org.mhim.viewer.train.LabelTable;
import org.mhim.viewer.train.LabeledSlide;
import org.mhim.viewer.train.SlideFeatures;
import org.mhim.viewer.train.SlideFolder;
import org.mhim.viewer.train.Splits;
import org.mhim.viewer.train.StageResult;
import org.mhim.viewer.train.StartingModel;
import org.mhim.viewer.train.Trainer;
import org.mhim.viewer.train.TrainingData;
import org.mhim.viewer.train.TrainingOptions;
import org.mhim.viewer.train.TrainingResult;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mhimview train}: the two-stage MHIM recipe from feature bags to a model bundle. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Trains an MHIM-MIL model on feature bags: stage 1 trains the aggregator alone (the baseline),"
          + " whose best epoch initialises the teacher; stage 2 trains the student with the teacher's"
          + " hard-instance masking, the global recycle network and the consistency loss, the teacher"
          + " following it by EMA. Early stopping on validation AUC in each stage.",
      "--fine-tune MODEL starts from a trained model's weights instead: its aggregator, widths and"
          + " classes, straight to the MHIM stage (the baseline stage with --method baseline).",
      "A checkpoint is written after every epoch; --resume continues a stopped run exactly, and"
          + " Ctrl-C stops cleanly. OUT becomes a model bundle with history.csv."
    })
public final class TrainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static final class Source {
    @Option(names = "--features", required = true, paramLabel = "DIR",
        description = "Features folder with h5_files/<slide>.h5 or pt_files/<slide>.pt.")
    Path features;

    @Option(names = "--slides", required = true, paramLabel = "DIR",
        description = "Slides folder (files named slide_id.*): their features are extracted first, through the"
            + " feature cache, into MODEL-features beside MODEL, with --encoder or the fine-tuned model's encoder"
            + " (else the built-in one).")
    Path slides;
  }

  /** With --slides. */
  @Mixin CacheOption cache;

  @ArgGroup(exclusive = true, multiplicity = "1")
  SplitSource splits;

  static final class SplitSource {
    @ArgGroup(exclusive = false)
    GivenSplits given;

    @ArgGroup(exclusive = false)
    FoldSplits folds;
  }

  static final class GivenSplits {
    @Option(names = "--train", required = true, paramLabel = "CSV", description = "Training slides (slide_id,label).")
    Path train;

    @Option(names = "--val", required = true, paramLabel = "CSV", description = "Validation slides (pick the best epoch).")
    Path val;

    @Option(names = "--test", paramLabel = "CSV", description = "Held-out test slides (optional).")
    Path test;
  }

  static final class FoldSplits {
    @Option(names = "--labels", required = true, paramLabel = "CSV", description = "All slides (slide_id,label).")
    Path labels;

    @Option(names = "--folds", required = true, paramLabel = "K",
        description = "Stratified K-fold: fold I tests, fold I+1 validates, the rest train.")
    int folds;

    @Option(names = "--fold", paramLabel = "I", description = "Which fold, 0..K-1 (default: ${DEFAULT-VALUE}).")
    int fold = 0;
  }

  @Option(names = "--classes", split = ",", paramLabel = "NAME",
      description = "Class names in index order (default: order of first appearance).")
  List<String> classes;

  @Option(names = "--out", required = true, paramLabel = "MODEL", description = "The model folder to write.")
  Path out;

  @Option(names = "--encoder", paramLabel = "PATH.pt",
      description = "The TorchScript encoder the features came from (its .json beside it): checked against"
          + " the features before training, then carried in the model, so that analyses of slides find it.")
  Path encoder;

  @Option(names = "--resume", description = "Continue the stopped run in MODEL (same options).")
  boolean resume;

  @Option(names = "--fine-tune", paramLabel = "MODEL",
      description = "Start from this model (a bundle folder, demo, or a reference checkpoint): its weights,"
          + " aggregator, widths and classes; its encoder goes into OUT too. The features must come from its encoder.")
  Path fineTune;

  @Option(names = "--model-config", paramLabel = "CONFIG",
      description = "The reference config.json of a --fine-tune checkpoint (default: config.json beside it).")
  Path modelConfig;

  @Option(names = "--method", paramLabel = "mhim|baseline", description = "mhim (both stages) or baseline (stage 1 only) (default: ${DEFAULT-VALUE}).")
  String method = "mhim";

  @Option(names = "--aggregator", paramLabel = "abmil|transmil|dsmil",
      description = "abmil, transmil or dsmil (default: abmil, or the fine-tuned model's).")
  String aggregator;

  @Option(names = "--mlp-dim", paramLabel = "D", description = "Projection width (default: 512, or the fine-tuned model's).")
  Integer mlpDim;

  @Option(names = "--dropout", paramLabel = "P", description = "Dropout after the projection (default: ${DEFAULT-VALUE}).")
  float dropout = 0.25f;

  @Option(names = "--epochs", paramLabel = "N", description = "Maximum epochs of each stage (default: ${DEFAULT-VALUE}).")
  int epochs = 100;

  @Option(names = "--baseline-epochs", paramLabel = "N", description = "Maximum epochs of the baseline stage (default: --epochs).")
  Integer baselineEpochs;

  @Option(names = "--patience", paramLabel = "N", description = "Epochs without a better validation AUC before a stage stops (default: ${DEFAULT-VALUE}).")
  int patience = 20;

  @Option(names = "--seed", paramLabel = "S", description = "Seed of weights, splits, order, masking and dropout (default: ${DEFAULT-VALUE}).")
  long seed = 2021;

  @Option(names = "--lr", paramLabel = "LR", description = "Adam learning rate, cosine-scheduled per epoch towards 0 over each stage (default: ${DEFAULT-VALUE}).")
  double lr = 2e-4;

  @Option(names = "--weight-decay", paramLabel = "WD", description = "Adam L2 weight decay (default: ${DEFAULT-VALUE}).")
  float weightDecay = 1e-5f;

  @Option(names = "--mask-ratio-h", paramLabel = "R", description = "Share of instances masked by teacher score (default: ${DEFAULT-VALUE}).")
  double maskRatioH = 0.03;

  @Option(names = "--mask-ratio-hr", paramLabel = "R", description = "Share of the top-scoring candidates actually masked (default: ${DEFAULT-VALUE}).")
  double maskRatioHr = 1.0;

  @Option(names = "--mask-ratio-h-decay", paramLabel = "none|cosine", description = "none or cosine (to 0 over the MHIM stage) (default: ${DEFAULT-VALUE}).")
  String maskRatioHDecay = "none";

  @Option(names = "--merge-ratio", paramLabel = "R", description = "Share of the remaining instances kept as tokens (default: ${DEFAULT-VALUE}).")
  double mergeRatio = 0.9;

  @Option(names = "--merge-k", paramLabel = "K", description = "Global recycle tokens (default: ${DEFAULT-VALUE}).")
  int mergeK = 1;

  @Option(names = "--merge-momentum", paramLabel = "M", description = "EMA momentum of the global tokens (default: ${DEFAULT-VALUE}).")
  double mergeMomentum = 0.9999;

  @Option(
      names = "--aux-alpha",
      paramLabel = "A",
      description =
          "Weight of the consistency loss towards the teacher's bag embedding (default: ${DEFAULT-VALUE},"
              + " as the reference code; the paper's 0.5 pulls the student back to the instances the"
              + " teacher looks at, see docs/benchmarks.md).")
  double auxAlpha = 0.0;

  @Option(names = "--temperature", paramLabel = "T", description = "Teacher temperature of the consistency loss (default: ${DEFAULT-VALUE}).")
  double temperature = 0.1;

  @Option(names = "--ema-momentum", paramLabel = "M", description = "Teacher EMA momentum (default: ${DEFAULT-VALUE}).")
  double emaMomentum = 0.9997;

  @Option(names = "--ema-schedule", paramLabel = "none|cosine", description = "none or cosine (momentum towards 1 over the stage) (default: ${DEFAULT-VALUE}).")
  String emaSchedule = "none";

  @Option(names = "--student-init", paramLabel = "fresh|baseline", description = "fresh (reference) or baseline (default: ${DEFAULT-VALUE}).")
  String studentInit = "fresh";

  @Option(names = "--device", paramLabel = "cpu|gpu", description = "cpu or gpu (default: ${DEFAULT-VALUE}).")
  String device = "cpu";

  @Override
  public Integer call() throws Exception {
    if (modelConfig != null && fineTune == null) {
      throw new UserErrorHandler.UserException("--model-config goes with --fine-tune, which is not given");
    }
    StartingModel start = fineTune == null ? null : StartingModel.open(fineTune, modelConfig);
    TrainingOptions options = options(start);
    TrainingData data = data(start);
    if (start != null) {
      start.checkRun(options, data.encoderId());
    }
    if (encoder != null) {
      checkEncoder(data);
    }
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.printf(Locale.ROOT, "data: %s%n", data.summary());
    stdout.flush();
    Cancellation cancellation = new Cancellation();
    CountDownLatch done = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      cancellation.cancel();
      try {
        done.await(120, TimeUnit.SECONDS); // let the run return; its last checkpoint is on disk
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "mhimview-train-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    TrainingResult result;
    try {
      Trainer.Builder trainer = Trainer.builder().setData(data).setOptions(options).setOutput(out)
          .optResume(resume).optCancellation(cancellation).optListener(new EpochLines(stdout));
      if (start != null) {
        trainer.optStartFrom(start);
      }
      result = trainer.build().run();
      if (!result.completed()) {
        stdout.println("stopped; continue with the same command and --resume (" + out + ")");
        stdout.flush();
        return 130;
      }
    } finally {
      // Released only now, so that after Ctrl-C the JVM halts once the message above is out.
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running and waits for the latch released above.
      }
    }
    for (StageResult s : result.stages()) {
      stdout.printf(Locale.ROOT, "%s: best epoch %d of %d, val auc %.4f%s%n", s.stage().id(), s.bestEpoch(),
          s.epochsRun(), s.validation().auc(),
          s.test() == null ? "" : String.format(Locale.ROOT, ", test auc %.4f", s.test().auc()));
    }
    Path carried = encoder != null ? encoder : carriedEncoder();
    if (carried != null) {
      BundledEncoders.attach(result.bundle(), carried);
    }
    stdout.println("wrote " + result.bundle() + (carried != null ? " with its encoder" : ""));
    stdout.flush();
    return 0;
  }

  /** Before hours of training: the encoder loads, and it is the one the features came from. */
  private void checkEncoder(TrainingData data) throws UserErrorHandler.UserException {
    try (TorchScriptEncoder loaded = TorchScriptEncoder.load(encoder, Device.cpu())) {
      if (!data.encoderId().isEmpty() && !data.encoderId().equals(loaded.id())) {
        throw new UserErrorHandler.UserException(
            encoder + ": the features came from '" + data.encoderId() + "', not from '" + loaded.id() + "'");
      }
      if (loaded.outputDim() != data.inputDim()) {
        throw new UserErrorHandler.UserException(
            encoder + ": it gives " + loaded.outputDim() + " features per patch, the features have " + data.inputDim());
      }
    }
  }

  /** The encoder file the fine-tuned model's bundle carries, if any. */
  private Path carriedEncoder() throws IOException {
    return fineTune == null ? null : ModelEncoders.carriedEncoder(ModelFiles.located(fineTune)).orElse(null);
  }

  /** The options given; aggregator and width default to the fine-tuned model's. */
  private TrainingOptions options(StartingModel start) {
    TrainingOptions.Builder options = TrainingOptions.builder()
        .method(TrainingOptions.Method.valueOf(choice("--method", method, "mhim", "baseline").toUpperCase(Locale.ROOT)))
        .dropout(dropout)
        .epochs(epochs)
        .baselineEpochs(baselineEpochs == null ? epochs : baselineEpochs)
        .patience(patience)
        .seed(seed)
        .learningRate(lr)
        .weightDecay(weightDecay)
        .maskRatioH(maskRatioH)
        .maskRatioHr(maskRatioHr)
        .maskRatioHDecay(choice("--mask-ratio-h-decay", maskRatioHDecay, "none", "cosine").equals("cosine"))
        .mergeRatio(mergeRatio)
        .mergeK(mergeK)
        .mergeMomentum(mergeMomentum)
        .auxAlpha(auxAlpha)
        .temperature(temperature)
        .emaMomentum(emaMomentum)
        .emaCosine(choice("--ema-schedule", emaSchedule, "none", "cosine").equals("cosine"))
        .studentInit(TrainingOptions.StudentInit.valueOf(
            choice("--student-init", studentInit, "fresh", "baseline").toUpperCase(Locale.ROOT)))
        .device(choice("--device", device, "cpu", "gpu"));
    if (start != null) {
      options.aggregator(start.config().aggregator()).mlpDim(start.config().mlpDim());
    }
    if (aggregator != null) {
      options.aggregator(AggregatorKind.parse(choice("--aggregator", aggregator, "abmil", "transmil", "dsmil")));
    }
    if (mlpDim != null) {
      options.mlpDim(mlpDim);
    }
    return options.build();
  }

  private static String choice(String option, String value, String... allowed) {
    String v = value.toLowerCase(Locale.ROOT);
    if (!List.of(allowed).contains(v)) {
      throw new IllegalArgumentException(option + " must be one of " + String.join(", ", allowed) + ", not " + value);
    }
    return v;
  }

  /** The features and split; without --classes a fine-tuned model's classes, in its order. */
  private TrainingData data(StartingModel start) throws Exception {
    Optional<List<String>> names = Optional.ofNullable(classes)
        .or(() -> Optional.ofNullable(start).map(s -> s.config().classNames()));
    List<String> classNames;
    DataSplit split;
    Path labelsFile;
    if (splits.given != null) {
      GivenSplits g = splits.given;
      Splits.FromFiles files = Splits.fromFiles(g.train, g.val, Optional.ofNullable(g.test), names);
      classNames = files.classNames();
      split = files.split();
      labelsFile = g.train;
    } else {
      FoldSplits f = splits.folds;
      LabelTable table = LabelTable.read(f.labels, names);
      List<DataSplit> all = Splits.stratifiedKFold(table, f.folds, seed);
      if (f.fold < 0 || f.fold >= all.size()) {
        throw new IllegalArgumentException("--fold must be in 0.." + (all.size() - 1) + ", not " + f.fold);
      }
      classNames = table.classNames();
      split = all.get(f.fold);
      labelsFile = f.labels;
    }
    Path features = source.features != null ? source.features : extracted(classNames, split, labelsFile);
    return TrainingData.load(features, classNames, split);
  }

  /** --slides: every slide of the split extracted into MODEL-features; that folder. */
  private Path extracted(List<String> classNames, DataSplit split, Path labelsFile) throws Exception {
    List<LabeledSlide> all = new ArrayList<>(split.train());
    all.addAll(split.val());
    all.addAll(split.test());
    Map<String, Path> files = SlideFolder.files(new LabelTable(classNames, all), source.slides, labelsFile);
    String encoderName = PatchEncoders.DEFAULT;
    PatchGridSettings grid = PatchGridSettings.defaults();
    Path bundle = fineTune == null ? null : ModelFiles.located(fineTune);
    if (bundle != null && ModelBundle.isBundle(bundle)) {
      ModelManifest manifest = ModelBundle.readManifest(bundle);
      encoderName = ModelEncoders.encoderOf(bundle, manifest);
      grid = ModelEncoders.grid(manifest);
    }
    if (encoder != null) {
      encoderName = encoder.toString();
    }
    Path folder = out.toAbsolutePath().resolveSibling(out.getFileName() + "-features");
    SlideFeatures.extract(files, encoderName, grid, cache.root(), folder,
        new SlideLines(spec.commandLine().getOut(), "extracting"), new Cancellation());
    return folder;
  }
}
