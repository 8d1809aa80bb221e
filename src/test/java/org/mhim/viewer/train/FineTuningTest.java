package org.mhim.viewer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mhim.viewer.features.Cancellation;
import org.mhim.viewer.mil.AggregatorKind;
import org.mhim.viewer.mil.MhimModel;
import org.mhim.viewer.mil.ModelBundle;
import org.mhim.viewer.mil.StateDicts;
import org.mhim.viewer.mil.WeightTensor;
import org.mhim.viewer.mil.WeightsChoice;

/** Fine-tuning a trained model on further labelled bags: where it starts, what it refuses, resuming. */
class FineTuningTest {

  private static final List<String> CLASSES = List.of("normal", "tumour");
  @TempDir static Path shared;
  private static TrainingData data;
  /** A model trained from fresh weights through both stages, which the tests fine-tune. */
  private static Path trained;
  private static StartingModel start;

  @BeforeAll
  static void trainAModel() throws Exception {
    Path features = shared.resolve("features");
    Random random = new Random(5);
    data = TrainingData.load(features, CLASSES,
        new SyntheticBags(16, 3f, 1.5f).writeSplit(features, random, () -> 30 + random.nextInt(20), 4, 6, 8, 4, 0));
    trained = shared.resolve("trained");
    Trainer.builder().setData(data).setOptions(recipe().build()).setOutput(trained).build().run();
    start = StartingModel.open(trained, null);
  }

  private static TrainingOptions.Builder recipe() {
    return TrainingOptions.builder().mlpDim(16).baselineEpochs(1).epochs(1).seed(3).learningRate(1e-3)
        .mergeRatio(0.8).mergeK(2);
  }

  private static TrainingResult fineTune(StartingModel from, TrainingOptions options, Path out, boolean resume,
      TrainingListener listener, Cancellation cancel) throws IOException {
    return Trainer.builder().setData(data).setOptions(options).setOutput(out).optStartFrom(from)
        .optResume(resume).optListener(listener).optCancellation(cancel).build().run();
  }

  private static Map<String, WeightTensor> weights(Path bundle, WeightsChoice choice) throws IOException {
    try (MhimModel model = ModelBundle.load(bundle, choice)) {
      return model.studentWeights();
    }
  }

  /** The largest difference between two state dicts of the same keys and shapes. */
  private static double largestDifference(Map<String, WeightTensor> a, Map<String, WeightTensor> b) {
    assertEquals(a.keySet(), b.keySet());
    double largest = 0;
    for (Map.Entry<String, WeightTensor> e : a.entrySet()) {
      float[] x = e.getValue().values();
      float[] y = b.get(e.getKey()).values();
      assertEquals(x.length, y.length, e.getKey());
      for (int i = 0; i < x.length; i++) {
        largest = Math.max(largest, Math.abs(x[i] - y[i]));
      }
    }
    return largest;
  }

  @Test
  void theMhimStageStartsFromTheModelsStudentAndTeacher(@TempDir Path dir) throws Exception {
    // A learning rate too small to move anything, and momenta of 1 for the teacher and the recycle
    // network's global queries: the result is the start.
    TrainingOptions still = recipe().learningRate(1e-12).emaMomentum(1.0).mergeMomentum(1.0).build();
    Path out = dir.resolve("tuned");
    List<String> stages = new ArrayList<>();
    List<ClassificationMetrics> before = new ArrayList<>();
    TrainingResult result = fineTune(start, still, out, false, new TrainingListener() {
      @Override
      public void startingModelScored(ClassificationMetrics validation) {
        before.add(validation);
      }

      @Override
      public void stageStarted(TrainingStage stage, int firstEpoch, int maxEpochs) {
        stages.add(stage.id());
      }
    }, new Cancellation());

    assertTrue(result.completed());
    assertEquals(List.of("mhim"), stages, "no baseline stage: the model is the start");
    assertTrue(result.history().stream().allMatch(r -> r.stage().equals("mhim")));
    assertTrue(largestDifference(start.student(), weights(out, WeightsChoice.STUDENT)) < 1e-6);
    assertEquals(0, largestDifference(start.teacher(), weights(out, WeightsChoice.TEACHER)));
    assertEquals(trained.toString(), ModelBundle.readManifest(out).provenance().get("recipe.fine_tuned_from"));
    // The start, scored before training, scores as its unchanged first epoch does.
    assertEquals(1, before.size());
    assertEquals(result.history().getFirst().validation().auc(), before.getFirst().auc(), 1e-9);
    assertEquals(before.getFirst().auc(),
        Double.parseDouble(ModelBundle.readManifest(out).provenance().get("metrics.start.val.auc")), 1e-12);

    // The same run from fresh weights (of another seed than the model's) ends far from the model.
    Path fresh = dir.resolve("fresh");
    Trainer.builder().setData(data).setOptions(recipe().learningRate(1e-12).seed(4).build()).setOutput(fresh)
        .build().run();
    assertTrue(largestDifference(start.student(), weights(fresh, WeightsChoice.STUDENT)) > 1e-2);
  }

  @Test
  void aBaselineFineTuningTrainsTheStudentAloneAndAModelWithoutRecyclingGetsAFreshOne(@TempDir Path dir)
      throws Exception {
    Map<String, WeightTensor> withoutRecycling = new LinkedHashMap<>(start.student());
    withoutRecycling.keySet().removeIf(name -> name.startsWith(StateDicts.RECYCLE_PREFIX));
    StartingModel baselineModel =
        new StartingModel("a baseline model", start.config(), start.encoderId(), withoutRecycling, Map.of());
    Path out = dir.resolve("tuned");
    TrainingResult result = fineTune(baselineModel, recipe().method(TrainingOptions.Method.BASELINE).build(), out,
        false, TrainingListener.NONE, new Cancellation());
    assertTrue(result.completed());
    assertEquals(List.of("baseline"), result.history().stream().map(EpochRecord::stage).toList());
    assertThrows(IOException.class, () -> ModelBundle.load(out, WeightsChoice.TEACHER), "a baseline model has no teacher");

    Path mhim = dir.resolve("tuned-mhim");
    assertTrue(fineTune(baselineModel, recipe().build(), mhim, false, TrainingListener.NONE, new Cancellation())
        .completed(), "the missing recycle network starts fresh");
    assertTrue(weights(mhim, WeightsChoice.STUDENT).keySet().stream().anyMatch(k -> k.startsWith("merge.")));
  }

  @Test
  void aRunThatDoesNotFitTheModelIsRefusedNamingEveryDifference() {
    TrainingData otherClasses = new TrainingData(List.of("benign", "tumour"), data.split(), data.inputDim(),
        data.encoderId(), data.bags());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Trainer.builder().setData(otherClasses).setOptions(recipe().aggregator(AggregatorKind.DSMIL).mlpDim(8)
            .build()).setOutput(shared.resolve("refused")).optStartFrom(start).build());
    assertEquals("cannot fine-tune " + trained + ": its aggregator is abmil, not dsmil; its mlp_dim is 16, not 8;"
        + " its classes are [normal, tumour], the labels' are [benign, tumour]", e.getMessage());

    IllegalArgumentException encoder = assertThrows(IllegalArgumentException.class,
        () -> start.checkRun(recipe().build(), "another-encoder"));
    assertEquals("cannot fine-tune " + trained + ": it was trained on features of '"
        + SyntheticBags.ATTRIBUTES.encoderId() + "', not of 'another-encoder'", encoder.getMessage());
    assertFalse(Files.exists(shared.resolve("refused")));
  }

  @Test
  void aStoppedFineTuningResumesOnlyFromTheSameModel(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("tuned");
    Cancellation cancel = new Cancellation();
    TrainingOptions options = recipe().epochs(2).build();
    TrainingResult stopped = fineTune(start, options, out, false, new StopAtStep(cancel, 2, 3), cancel);
    assertFalse(stopped.completed());
    assertNull(stopped.bundle());

    IllegalArgumentException fromScratch = assertThrows(IllegalArgumentException.class,
        () -> Trainer.builder().setData(data).setOptions(options).setOutput(out).optResume(true).build().run());
    assertEquals("cannot resume " + out + " with other options: fine_tuned_from was " + trained + ", now not given",
        fromScratch.getMessage());

    TrainingResult resumed = fineTune(start, options, out, true, TrainingListener.NONE, new Cancellation());
    assertTrue(resumed.completed());
    assertEquals(List.of("mhim1", "mhim2"), resumed.history().stream().map(r -> r.stage() + r.epoch()).toList());
  }
}
