package org.mhim.viewer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mhim.viewer.features.BagAttributes;
import org.mhim.viewer.features.Cancellation;
import org.mhim.viewer.features.FeatureBag;
import org.mhim.viewer.features.FeatureBagPt;
import org.mhim.viewer.mil.Bag;
import org.mhim.viewer.mil.MhimModel;
import org.mhim.viewer.mil.ModelBundle;
import org.mhim.viewer.mil.ModelManifest;
import org.mhim.viewer.mil.WeightTensor;
import org.mhim.viewer.mil.WeightsChoice;

/** The two-stage recipe end to end on small synthetic bags: learning, determinism, resume, cancellation. */
class TrainerTest {

  private static final List<String> CLASSES = List.of("normal", "tumour");
  @TempDir static Path shared;
  private static TrainingData data;
  /** A handful of small bags for the tests of mechanics (determinism, resume, cancellation). */
  private static TrainingData small;

  /** 40 bags of 16-dim features, positives with clearly shifted instances: an easy task. */
  @BeforeAll
  static void writeBags() throws Exception {
    Path features = shared.resolve("features");
    Random random = new Random(7);
    DataSplit split =
        new SyntheticBags(16, 3f, 1.5f).writeSplit(features, random, () -> 40 + random.nextInt(40), 4, 6, 24, 8, 8);
    data = TrainingData.load(features, CLASSES, split);
    small = TrainingData.load(features, CLASSES,
        new DataSplit(split.train().subList(0, 8), split.val().subList(0, 4), List.of()));
  }

  private static TrainingOptions.Builder recipe() {
    return TrainingOptions.builder()
        .mlpDim(32)
        .baselineEpochs(2)
        .epochs(2)
        .patience(5)
        .seed(11)
        .learningRate(1e-3)
        .maskRatioH(0.05)
        .mergeRatio(0.8)
        .mergeK(2)
        .emaMomentum(0.99);
  }

  private static TrainingResult train(Path out, TrainingOptions options, boolean resume, TrainingListener listener,
      Cancellation cancel) throws IOException {
    return train(small, out, options, resume, listener, cancel);
  }

  private static TrainingResult train(TrainingData on, Path out, TrainingOptions options, boolean resume,
      TrainingListener listener, Cancellation cancel) throws IOException {
    return Trainer.builder().setData(on).setOptions(options).setOutput(out).optResume(resume)
        .optListener(listener).optCancellation(cancel).build().run();
  }

  /** The student's or the teacher's weights of a bundle (the chosen network is loaded as the predicting one). */
  private static Map<String, WeightTensor> weights(Path bundle, WeightsChoice choice) throws IOException {
    try (MhimModel model = ModelBundle.load(bundle, choice)) {
      return model.studentWeights();
    }
  }

  /** History without wall times, which differ from run to run. */
  private static List<String> timeless(List<EpochRecord> history) {
    return history.stream()
        .map(r -> r.stage() + r.epoch() + ":" + r.learningRate() + "," + r.trainLoss() + "," + r.trainCeLoss()
            + "," + r.trainAuxLoss() + "," + r.validation().auc() + "," + r.validation().accuracy())
        .toList();
  }

  @Test
  void bothStagesLearnAnEasyTaskAndTheBundleDescribesTheRun(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("model");
    List<String> events = new ArrayList<>();
    TrainingListener listener = new TrainingListener() {
      @Override
      public void stageStarted(TrainingStage stage, int firstEpoch, int maxEpochs) {
        events.add("start " + stage.id());
      }

      @Override
      public void epochFinished(EpochRecord record) {
        events.add(record.stage() + " " + record.epoch());
      }
    };
    // The student starts from the baseline, as the demo model's does: on bags this small a fresh
    // student may lean on its recycled tokens for many epochs and then score poorly as predict
    // scores (without them) — the reference recipe does the same (docs/benchmarks.md, issue 6).
    TrainingResult result =
        train(data, out, recipe().baselineEpochs(4).epochs(4).patience(8).maskRatioHr(0.5)
            .studentInit(TrainingOptions.StudentInit.BASELINE).build(), false, listener, new Cancellation());
    assertTrue(result.completed());
    assertEquals(List.of("start baseline", "baseline 1", "baseline 2", "baseline 3", "baseline 4", "start mhim",
        "mhim 1", "mhim 2", "mhim 3", "mhim 4"), events);
    assertEquals(2, result.stages().size());
    for (StageResult stage : result.stages()) {
      assertTrue(stage.validation().auc() >= 0.8, stage.stage() + " val AUC " + stage.validation().auc());
      assertTrue(stage.test().auc() >= 0.75, stage.stage() + " test AUC " + stage.test().auc());
    }
    for (String stage : List.of("baseline", "mhim")) {
      List<Double> ce = result.history().stream().filter(r -> r.stage().equals(stage)).map(EpochRecord::trainCeLoss).toList();
      assertTrue(ce.subList(1, ce.size()).stream().anyMatch(later -> later < ce.getFirst()), stage + " CE falls: " + ce);
    }
    assertTrue(result.history().stream().filter(r -> r.stage().equals("mhim")).allMatch(r -> r.trainAuxLoss() > 0));

    ModelManifest manifest = ModelBundle.readManifest(out);
    assertEquals(CLASSES, manifest.config().classNames());
    assertEquals("synthetic-v1", manifest.encoder().id());
    assertEquals(16, manifest.config().inputDim());
    Map<String, String> p = manifest.provenance();
    assertEquals("mhim", p.get("recipe.method"));
    assertEquals("0.05", p.get("recipe.mask_ratio_h"));
    assertEquals("12", p.get("data.train.tumour"));
    assertEquals("4", p.get("data.test.normal"));
    assertNotNull(p.get("metrics.baseline.val.auc"));
    assertNotNull(p.get("metrics.mhim.test.auc"));
    assertEquals(1 + 8, Files.readAllLines(out.resolve("history.csv")).size());
    assertFalse(Files.exists(Trainer.checkpointFile(out)), "a finished run leaves no checkpoint");
    assertNotEquals(weights(out, WeightsChoice.STUDENT), weights(out, WeightsChoice.TEACHER),
        "the bundle holds the EMA teacher beside the student");
  }

  @Test
  void validationTestMetricsEvaluateAndPredictScoreABagAlike(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("model");
    TrainingResult result =
        train(data, out, recipe().baselineEpochs(1).epochs(1).build(), false, TrainingListener.NONE, new Cancellation());
    StageResult mhim = result.stages().getLast();
    assertEquals(TrainingStage.MHIM, mhim.stage());
    try (MhimModel model = ModelBundle.load(out, WeightsChoice.STUDENT);
        NDManager manager = NDManager.newBaseManager()) {
      assertTrue(model.studentWeights().keySet().stream().anyMatch(k -> k.startsWith("merge.")),
          "the student carries a recycle network, which scoring must leave out as predict does");
      for (LabeledSlide slide : data.split().test()) {
        FeatureBag bag = data.bag(slide.slideId());
        float[] predicted = model.predict(new Bag(bag.features(), bag.count(), bag.dim())).probabilities();
        double[] trainer = SlideScorer.probabilities(model.student(), manager, bag);
        double[] evaluated = ModelEvaluation.probabilities(model, bag);
        for (int c = 0; c < predicted.length; c++) {
          assertEquals(predicted[c], evaluated[c], 0.0, slide.slideId() + " evaluate vs predict, class " + c);
          assertEquals(predicted[c], trainer[c], 1e-6, slide.slideId() + " trainer vs predict, class " + c);
        }
      }
      ClassificationMetrics evaluated = ModelEvaluation.evaluate(model, shared.resolve("features"), data.split().test());
      assertEquals(mhim.test().auc(), evaluated.auc(), 1e-9, "the test AUC the trainer recorded is evaluate's");
      assertEquals(mhim.test().accuracy(), evaluated.accuracy(), 1e-9);
    }
  }

  @Test
  void theSameSeedGivesTheSameRunAndAResumedRunEndsAsAnUninterruptedOne(@TempDir Path dir) throws Exception {
    TrainingOptions options = recipe().build();
    TrainingResult first = train(dir.resolve("a"), options, false, TrainingListener.NONE, new Cancellation());
    TrainingResult second = train(dir.resolve("b"), options, false, TrainingListener.NONE, new Cancellation());
    assertEquals(timeless(first.history()), timeless(second.history()));
    assertEquals(weights(dir.resolve("a"), WeightsChoice.STUDENT), weights(dir.resolve("b"), WeightsChoice.STUDENT));

    // Stop after the first MHIM epoch (three epochs in), then resume to the end.
    Path c = dir.resolve("c");
    Cancellation cancel = new Cancellation();
    AtomicInteger epochs = new AtomicInteger();
    TrainingResult stopped = train(c, options, false, new TrainingListener() {
      @Override
      public void epochFinished(EpochRecord record) {
        if (epochs.incrementAndGet() == 3) {
          cancel.cancel();
        }
      }
    }, cancel);
    assertFalse(stopped.completed());
    assertEquals(3, stopped.history().size());
    TrainingCheckpoint checkpoint = TrainingCheckpoint.read(Trainer.checkpointFile(c));
    assertEquals(TrainingStage.MHIM, checkpoint.stage());
    assertEquals(1, checkpoint.epochsDone());
    TrainingResult resumed = train(c, options, true, TrainingListener.NONE, new Cancellation());
    assertTrue(resumed.completed());
    assertEquals(timeless(first.history()), timeless(resumed.history()));
    assertEquals(weights(dir.resolve("a"), WeightsChoice.STUDENT), weights(c, WeightsChoice.STUDENT));
    assertEquals(weights(dir.resolve("a"), WeightsChoice.TEACHER), weights(c, WeightsChoice.TEACHER));
    assertEquals(
        ModelBundle.readManifest(dir.resolve("a")).provenance().get("metrics.mhim.val.auc"),
        ModelBundle.readManifest(c).provenance().get("metrics.mhim.val.auc"));
  }

  @Test
  void cancellingMidEpochKeepsTheLastCheckpointAndAResumeFinishes(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("model");
    Cancellation cancel = new Cancellation();
    TrainingOptions options = recipe().method(TrainingOptions.Method.BASELINE).build();
    TrainingResult stopped = train(out, options, false, new StopAtStep(cancel, 2, 5), cancel);
    assertFalse(stopped.completed());
    TrainingCheckpoint checkpoint = TrainingCheckpoint.read(Trainer.checkpointFile(out));
    assertEquals(TrainingStage.BASELINE, checkpoint.stage());
    assertEquals(1, checkpoint.epochsDone());
    assertThrows(IllegalArgumentException.class,
        () -> train(out, options, false, TrainingListener.NONE, new Cancellation()), "a fresh run would overwrite it");
    assertThrows(IllegalArgumentException.class,
        () -> train(out, recipe().method(TrainingOptions.Method.BASELINE).seed(12).build(), true,
            TrainingListener.NONE, new Cancellation()), "other options cannot resume it");
    TrainingResult resumed = train(out, options, true, TrainingListener.NONE, new Cancellation());
    assertTrue(resumed.completed());
    assertEquals(1, resumed.stages().size());
    assertEquals(2, resumed.history().size());
    assertThrows(IOException.class, () -> weights(out, WeightsChoice.TEACHER), "a baseline-only bundle has no teacher");
  }

  @Test
  void everyDatasetProblemIsReportedBeforeTraining(@TempDir Path dir) throws Exception {
    Path features = dir.resolve("features");
    Random random = new Random(3);
    SyntheticBags.write(features, new SyntheticBags(16, 2, 1).bag("ok-1", random, 20, 0, 0));
    SyntheticBags.write(features, new SyntheticBags(16, 2, 1).bag("ok-2", random, 20, 0, 0));
    SyntheticBags.write(features, new SyntheticBags(12, 2, 1).bag("narrow", random, 20, 0, 0));
    FeatureBagPt.write(features.resolve("pt_files").resolve("empty.pt"),
        new FeatureBag("empty", 16, new float[0], new long[0], BagAttributes.unknown()));
    DataSplit split = new DataSplit(
        List.of(new LabeledSlide("ok-1", 0), new LabeledSlide("narrow", 0), new LabeledSlide("missing", 0)),
        List.of(new LabeledSlide("ok-2", 0), new LabeledSlide("empty", 1)),
        List.of());
    DatasetException e = assertThrows(DatasetException.class, () -> TrainingData.load(features, CLASSES, split));
    String all = String.join("\n", e.problems());
    assertEquals(4, e.problems().size(), all);
    assertTrue(all.contains("class 'tumour' has no training slides"), all);
    assertTrue(all.contains("no features for slide missing"), all);
    assertTrue(all.contains("empty.pt: the bag is empty"), all);
    assertTrue(all.contains("features of length 12 (most bags have 16) in narrow"), all);
  }
}
