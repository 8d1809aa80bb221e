package org.mhim.viewer.mil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The training step's student projection through OpenBLAS with its hand-written backward (ReLU,
 * dropout, weight and bias gradients) gives the losses and every gradient of libtorch's autograd
 * path, with dropout on (the same mask: both draw it from the engine's generator in the same order)
 * and a bag large enough for two threads and several gathered chunks each.
 */
class HandProjectionGradientTest {

  @ParameterizedTest
  @EnumSource(AggregatorKind.class)
  void handBackwardGivesAutogradsGradients(AggregatorKind kind) {
    compare(kind, 24, false);
  }

  /**
   * The hand step first, on a fresh student whose projection has no gradient arrays yet (the step
   * creates them), and with 600 input columns, which the weight gradient splits into three column
   * units over the two threads.
   */
  @Test
  void handBackwardOnAFreshStudentAndInColumnUnits() {
    compare(AggregatorKind.ABMIL, 600, true);
  }

  private static void compare(AggregatorKind kind, int inputDim, boolean handFirst) {
    MhimConfig config =
        new MhimConfig(kind, inputDim, 16, List.of("normal", "tumour"), ActivationKind.RELU, ActivationKind.GELU, 8,
            0.25f, 0f, 0.03, 1.0, true, 2, 1.0, 0.8, 0.1, 0.5, 0.9997);
    int n = 2600; // kept ≈ 2,522: two shares of ~1,000 kept rows and the recycled rest
    try (NDManager m = NDManager.newBaseManager();
        BlasProjection blas = new BlasProjection(OpenBlasTest.debianOpenBlas(), 2)) {
      MhimNetwork student = TrainingNetworks.create(config);
      student.initialize(m, DataType.FLOAT32, new Shape(1, config.inputDim()));
      MhimNetwork teacher = TrainingNetworks.create(config);
      teacher.initialize(m, DataType.FLOAT32, new Shape(1, config.inputDim()));
      NDArray bag = m.randomNormal(new Shape(n, config.inputDim()));
      // No learning rate, frozen teacher and global queries: both steps see the same networks.
      StepControls still = new StepControls(0, 0.03, 1.0);
      StepResult autograd;
      StepResult hand;
      if (handFirst) {
        hand = step(student, teacher, m, config, Optional.of(blas), bag, still);
        autograd = step(student, teacher, m, config, Optional.empty(), bag, still);
      } else {
        autograd = step(student, teacher, m, config, Optional.empty(), bag, still);
        hand = step(student, teacher, m, config, Optional.of(blas), bag, still);
      }

      assertEquals(autograd.ceLoss(), hand.ceLoss(), 1e-5 + 1e-4 * Math.abs(autograd.ceLoss()));
      assertEquals(autograd.auxLoss(), hand.auxLoss(), 1e-5 + 1e-4 * Math.abs(autograd.auxLoss()));
      assertTrue(autograd.gradientNorms().get("feature.0.weight") > 0);
      for (Map.Entry<String, Double> e : autograd.gradientNorms().entrySet()) {
        double expected = e.getValue();
        assertEquals(expected, hand.gradientNorms().get(e.getKey()), Math.max(1e-5, 1e-4 * expected), e.getKey());
      }
    }
  }

  private static StepResult step(
      MhimNetwork student, MhimNetwork teacher, NDManager m, MhimConfig config, Optional<BlasProjection> blas,
      NDArray bag, StepControls controls) {
    MhimTrainingStep step =
        MhimTrainingStep.builder()
            .setStudent(student)
            .setTeacher(teacher)
            .setManager(m)
            .optConfig(config)
            .optWeightDecay(0f)
            .optRecordGradientNorms(true)
            .optBlas(blas)
            .build();
    Engine.getInstance().setRandomSeed(11); // the same dropout masks for both
    return step.step(bag, 1, controls, new SeededStepRandomness(3)); // the same permutation for both
  }
}
