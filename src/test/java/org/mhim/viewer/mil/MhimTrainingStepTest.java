package org.mhim.viewer.mil;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The training step beyond the single fixture step: repeated steps, options, edge sizes. */
class MhimTrainingStepTest {

  private static MhimConfig config(AggregatorKind kind, int inputDim, int mlpDim, boolean merge, double mergeMomentum,
      double maskRatioHr) {
    return new MhimConfig(kind, inputDim, mlpDim, List.of("normal", "tumour"), ActivationKind.RELU,
        ActivationKind.GELU, 8, 0f, 0f, 0.03, maskRatioHr, merge, 2, mergeMomentum, 0.8, 0.1, 0.5, 0.9997);
  }

  /** A student and a teacher with different random weights, as after teacher initialisation. */
  private static MhimTrainingStep.Builder networks(MhimConfig config, NDManager m) {
    MhimNetwork student = TrainingNetworks.create(config);
    student.initialize(m, DataType.FLOAT32, new Shape(1, config.inputDim()));
    MhimNetwork teacher = TrainingNetworks.create(config);
    teacher.initialize(m, DataType.FLOAT32, new Shape(1, config.inputDim()));
    return MhimTrainingStep.builder().setStudent(student).setTeacher(teacher).setManager(m).optConfig(config);
  }

  private static float[] values(MhimNetwork net, String name) {
    return net.referenceParameters().get(name).getArray().toFloatArray();
  }

  @Test
  void gradientsDoNotAccumulateFromOneStepToTheNext() {
    try (NDManager m = NDManager.newBaseManager()) {
      // Frozen global queries, frozen teacher and a zero learning rate: two steps see the same network.
      MhimConfig config = config(AggregatorKind.ABMIL, 24, 16, true, 1.0, 1.0);
      MhimTrainingStep step = networks(config, m).optWeightDecay(0f).optRecordGradientNorms(true).build();
      NDArray bag = m.randomNormal(new Shape(60, 24));
      StepControls still = new StepControls(0, 0.05, 1.0);
      int[] permutation = new SeededStepRandomness(1).permutation(57);
      StepResult first = step.step(bag, 1, still, new FixedStepRandomness(permutation));
      StepResult second = step.step(bag, 1, still, new FixedStepRandomness(permutation));
      assertEquals(first.totalLoss(), second.totalLoss(), 1e-6);
      for (Map.Entry<String, Double> e : first.gradientNorms().entrySet()) {
        assertTrue(e.getValue() > 0, e.getKey() + " gets a gradient");
        assertEquals(e.getValue(), second.gradientNorms().get(e.getKey()), 1e-5 * e.getValue(), e.getKey());
      }
    }
  }

  @Test
  void teacherFollowsTheStudentAsItWasBeforeTheUpdateAndTheLossFalls() {
    try (NDManager m = NDManager.newBaseManager()) {
      MhimConfig config = config(AggregatorKind.ABMIL, 24, 16, true, 0.9999, 1.0);
      MhimTrainingStep step = networks(config, m).build();
      MhimNetwork student = step.student();
      MhimNetwork teacher = step.teacher();
      NDArray bag = m.randomNormal(new Shape(80, 24));
      String name = "feature.0.weight";
      float[] s0 = values(student, name);
      float[] t0 = values(teacher, name);
      int[] permutation = new SeededStepRandomness(2).permutation(77);
      StepControls controls = new StepControls(1e-3, 0.03, 0.99);
      StepResult first = step.step(bag, 0, controls, new FixedStepRandomness(permutation));
      float[] t1 = values(teacher, name);
      for (int i = 0; i < t1.length; i++) {
        assertEquals(0.99 * t0[i] + 0.01 * s0[i], t1[i], 1e-6);
      }
      assertFalse(Arrays.equals(s0, values(student, name)), "Adam moved the student");
      StepResult last = first;
      for (int i = 0; i < 5; i++) {
        last = step.step(bag, 0, controls, new FixedStepRandomness(permutation));
      }
      assertTrue(last.ceLoss() < first.ceLoss(), "cross-entropy on a repeated bag falls: " + first.ceLoss() + " → " + last.ceLoss());
    }
  }

  /**
   * With our Adam the trainable parameters' teacher follows in the optimizer's pass; after one step
   * (the EMA takes the student before its update, so the optimizer's own rounding does not enter)
   * every teacher parameter, trained or not (DSMIL's unused classifier, the global queries), equals
   * the one DJL's Adam and the separate EMA pass leave, bit for bit.
   */
  @Test
  void teacherIsTheSameWhenOurAdamBlendsItInItsPass() {
    try (NDManager m = NDManager.newBaseManager()) {
      MhimConfig config = config(AggregatorKind.DSMIL, 24, 16, true, 0.9, 1.0);
      MhimTrainingStep apart = networks(config, m).build();
      MhimTrainingStep fused = networks(config, m).optOptimizer(new AdamOptimizer(1e-5f)).build();
      copyParameters(apart.student(), fused.student());
      copyParameters(apart.teacher(), fused.teacher());
      NDArray bag = m.randomNormal(new Shape(70, 24));
      StepControls controls = new StepControls(1e-2, 0.05, 0.95);
      int[] permutation = new SeededStepRandomness(6).permutation(66);
      apart.step(bag, 1, controls, new FixedStepRandomness(permutation));
      fused.step(bag, 1, controls, new FixedStepRandomness(permutation));
      for (String name : apart.teacher().referenceParameters().keySet()) {
        assertArrayEquals(values(apart.teacher(), name), values(fused.teacher(), name), name);
      }
      assertFalse(Arrays.equals(values(apart.teacher(), "feature.0.weight"), values(apart.student(), "feature.0.weight")));
    }
  }

  private static void copyParameters(MhimNetwork from, MhimNetwork to) {
    var target = to.referenceParameters();
    from.referenceParameters().forEach((name, p) -> target.get(name).getArray().set(p.getArray().toFloatArray()));
  }

  @Test
  void dsmilNeverUpdatesTheClassifierItDoesNotUse() {
    try (NDManager m = NDManager.newBaseManager()) {
      MhimTrainingStep step = networks(config(AggregatorKind.DSMIL, 24, 16, true, 0.9999, 1.0), m).build();
      assertTrue(step.trainableNames().stream().noneMatch(n -> n.startsWith("predictor.")));
      float[] before = values(step.student(), "predictor.weight");
      StepResult r = step.step(m.randomNormal(new Shape(40, 24)), 1, new StepControls(1e-2, 0.05, 0.9997),
          new SeededStepRandomness(3));
      assertTrue(Double.isFinite(r.totalLoss()));
      assertArrayEquals(before, values(step.student(), "predictor.weight"), "no weight decay on an unused layer");
    }
  }

  @Test
  void stepsOnAThreadWhoseAutogradIsOnAndLeavesItAsItWas() throws Exception {
    // libtorch starts every new thread with autograd on and DJL turns it off only on the thread
    // that loads the engine, so a training run on a UI worker thread meets exactly this.
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicBoolean modeAfter = new AtomicBoolean();
    AtomicReference<StepResult> result = new AtomicReference<>();
    Thread worker =
        new Thread(
            () -> {
              try (NDManager m = NDManager.newBaseManager()) {
                JniUtils.setGradMode(true);
                MhimTrainingStep step = networks(config(AggregatorKind.ABMIL, 24, 16, true, 0.9, 1.0), m)
                    .optOptimizer(new AdamOptimizer(1e-5f)).build();
                result.set(step.step(m.randomNormal(new Shape(40, 24)), 1, new StepControls(1e-3, 0.05, 0.99),
                    new SeededStepRandomness(3)));
                modeAfter.set(JniUtils.isGradMode());
              } catch (Throwable t) {
                failure.set(t);
              }
            });
    worker.start();
    worker.join();
    if (failure.get() != null) {
      throw new AssertionError("step failed on a thread with autograd on", failure.get());
    }
    assertTrue(Double.isFinite(result.get().totalLoss()));
    assertTrue(modeAfter.get(), "the thread's autograd mode is restored");
  }

  @Test
  void trainsWithoutRecyclingWhenTheConfigTurnsItOff() {
    try (NDManager m = NDManager.newBaseManager()) {
      MhimTrainingStep step = networks(config(AggregatorKind.ABMIL, 24, 16, false, 0.9999, 1.0), m).build();
      assertTrue(step.student().referenceParameters().keySet().stream().noneMatch(n -> n.startsWith("merge.")));
      StepResult r = step.step(m.randomNormal(new Shape(50, 24)), 0, new StepControls(2e-4, 0.03, 0.9997),
          new SeededStepRandomness(4));
      // ⌈50 · 0.03⌉ = 2 masked, the other 48 all go to the aggregator
      assertEquals(2, r.mask().maskedCount());
      assertEquals(48, r.tokensIntoEncoder());
    }
  }

  @Test
  void randomSubSelectionComesFromTheInjectedRandomness() {
    try (NDManager m = NDManager.newBaseManager()) {
      MhimConfig config = config(AggregatorKind.ABMIL, 24, 16, true, 0.9999, 0.5);
      MhimTrainingStep step = networks(config, m).build();
      NDArray bag = m.randomNormal(new Shape(200, 24));
      StepResult r = step.step(bag, 1, new StepControls(0, 0.05, 1.0), new SeededStepRandomness(5));
      // candidates ⌈200 · 0.1⌉ = 20, masked ⌈20 · 0.5⌉ = 10; 190 remain, ⌊190 · 0.8⌋ = 152 kept + 2 recycled
      assertEquals(10, r.mask().maskedCount());
      assertEquals(152, r.keptTokens());
      assertEquals(154, r.tokensIntoEncoder());
    }
  }

  @Test
  void aBagOfOneHundredThousandInstancesTrains() {
    try (NDManager m = NDManager.newBaseManager()) {
      MhimConfig config = config(AggregatorKind.ABMIL, 32, 16, true, 0.9999, 1.0);
      MhimTrainingStep step = networks(config, m).build();
      NDArray bag = m.randomNormal(new Shape(100_000, 32));
      StepResult r = step.step(bag, 1, new StepControls(2e-4, 0.03, 0.9997), new SeededStepRandomness(6));
      assertEquals(3000, r.mask().maskedCount()); // ⌈100000 · 0.03⌉
      assertEquals(77_600, r.keptTokens()); // ⌊97000 · 0.8⌋
      assertEquals(77_602, r.tokensIntoEncoder());
      assertTrue(Double.isFinite(r.totalLoss()) && r.totalLoss() > 0);
    }
  }

  @Test
  void aBagOfOneInstanceTrains() {
    try (NDManager m = NDManager.newBaseManager()) {
      for (AggregatorKind kind : AggregatorKind.values()) {
        MhimTrainingStep step = networks(config(kind, 24, 16, true, 0.9999, 1.0), m).build();
        StepResult r = step.step(m.randomNormal(new Shape(1, 24)), 1, new StepControls(2e-4, 0.03, 0.9997),
            new SeededStepRandomness(7));
        // the only instance is not masked; ⌊1 · 0.8⌋ = 0 stay as tokens, it is recycled into 2 tokens
        assertEquals(0, r.mask().maskedCount(), kind.id());
        assertEquals(0, r.keptTokens(), kind.id());
        assertEquals(2, r.tokensIntoEncoder(), kind.id());
        assertTrue(Double.isFinite(r.totalLoss()), kind.id());
      }
    }
  }

  @Test
  void teacherStartsFromABaselineAndKeepsTheStudentsRecycleNetwork() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      MhimConfig config = config(AggregatorKind.ABMIL, 24, 16, true, 0.9999, 1.0);
      MhimNetwork baseline = MhimNetwork.of(config); // a baseline model has no recycle network
      baseline.initialize(m, DataType.FLOAT32, new Shape(1, 24));
      MhimNetwork student = TrainingNetworks.create(config);
      student.initialize(m, DataType.FLOAT32, new Shape(1, 24));
      MhimNetwork teacher = TrainingNetworks.create(config);
      teacher.initialize(m, DataType.FLOAT32, new Shape(1, 24));
      var rest = TrainingNetworks.initialiseTeacher(student, teacher, StateDicts.export(baseline), "baseline");
      assertTrue(rest.isEmpty());
      for (var e : teacher.referenceParameters().entrySet()) {
        MhimNetwork source = e.getKey().startsWith("merge.") ? student : baseline;
        assertArrayEquals(values(source, e.getKey()), e.getValue().getArray().toFloatArray(), e.getKey());
      }
      var incomplete = new LinkedHashMap<>(StateDicts.export(baseline));
      incomplete.remove("predictor.bias");
      assertThrows(IncompatibleWeightsException.class,
          () -> TrainingNetworks.initialiseTeacher(student, teacher, incomplete, "baseline"));
    }
  }

  @Test
  void refusesAWrongBagOrLabel() {
    try (NDManager m = NDManager.newBaseManager()) {
      MhimTrainingStep step = networks(config(AggregatorKind.ABMIL, 24, 16, true, 0.9999, 1.0), m).build();
      StepControls c = new StepControls(2e-4, 0.03, 0.9997);
      assertThrows(IllegalArgumentException.class,
          () -> step.step(m.randomNormal(new Shape(10, 23)), 0, c, new SeededStepRandomness(0)));
      assertThrows(IllegalArgumentException.class,
          () -> step.step(m.randomNormal(new Shape(10, 24)), 2, c, new SeededStepRandomness(0)));
    }
  }
}
