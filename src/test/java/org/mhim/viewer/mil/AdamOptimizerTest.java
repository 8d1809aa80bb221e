package org.mhim.viewer.mil;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Our Adam against torch.optim.Adam's formula written out in doubles, and its state round trip. */
class AdamOptimizerTest {

  private static final float[] START = {0.5f, -1.25f, 2f};
  private static final float[][] GRADIENTS = {{0.1f, -0.3f, 0.7f}, {-0.2f, 0.05f, 0.4f}, {0.3f, 0.3f, -0.9f}};

  /** torch.optim.Adam(lr, betas=(0.9, 0.999), eps=1e-8, weight_decay) step by step. */
  private static double[] torchAdam(double lr, double decay, int steps) {
    double[] w = new double[START.length];
    double[] m = new double[START.length];
    double[] v = new double[START.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = START[i];
    }
    for (int t = 1; t <= steps; t++) {
      for (int i = 0; i < w.length; i++) {
        double g = GRADIENTS[t - 1][i] + decay * w[i];
        m[i] = 0.9 * m[i] + 0.1 * g;
        v[i] = 0.999 * v[i] + 0.001 * g * g;
        double denominator = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8;
        w[i] -= lr / (1 - Math.pow(0.9, t)) * m[i] / denominator;
      }
    }
    return w;
  }

  @Test
  void followsTorchAdamWithL2WeightDecay() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray weight = manager.create(START.clone());
      AdamOptimizer adam = new AdamOptimizer(0.01f);
      for (float[] g : GRADIENTS) {
        adam.update("w", weight, manager.create(g), 0.05);
      }
      double[] expected = torchAdam(0.05, 0.01, 3);
      float[] actual = weight.toFloatArray();
      for (int i = 0; i < actual.length; i++) {
        assertEquals(expected[i], actual[i], 1e-6, "element " + i);
      }
      assertEquals(3, adam.state().get("w").steps());
    }
  }

  @Test
  void restoredStateContinuesExactlyAsTheOriginal() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray straight = manager.create(START.clone());
      AdamOptimizer one = new AdamOptimizer(0f);
      for (float[] g : GRADIENTS) {
        one.update("w", straight, manager.create(g), 0.05);
      }
      NDArray split = manager.create(START.clone());
      AdamOptimizer first = new AdamOptimizer(0f);
      first.update("w", split, manager.create(GRADIENTS[0]), 0.05);
      var saved = first.state();
      AdamOptimizer second = new AdamOptimizer(0f);
      second.restore(saved);
      second.update("w", split, manager.create(GRADIENTS[1]), 0.05);
      second.update("w", split, manager.create(GRADIENTS[2]), 0.05);
      assertArrayEquals(straight.toFloatArray(), split.toFloatArray());
      assertThrows(IllegalStateException.class, () -> second.restore(saved), "only before the first update");
    }
  }

  /**
   * updateAndClear makes update's change and leaves the gradient zero, in one accumulating array
   * reused step after step as a training step reuses it; a new weight array under the same name is
   * updated in its own memory.
   */
  @Test
  void updateAndClearUpdatesAsUpdateAndZeroesTheGradient() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray viaUpdate = manager.create(START.clone());
      NDArray viaClear = manager.create(START.clone());
      AdamOptimizer plain = new AdamOptimizer(0.01f);
      AdamOptimizer clearing = new AdamOptimizer(0.01f);
      NDArray accumulated = manager.zeros(viaClear.getShape());
      for (float[] g : GRADIENTS) {
        plain.update("w", viaUpdate, manager.create(g), 0.05);
        accumulated.addi(manager.create(g));
        clearing.updateAndClear("w", viaClear, accumulated, 0.05);
        assertArrayEquals(new float[g.length], accumulated.toFloatArray(), "the gradient is cleared");
      }
      assertArrayEquals(viaUpdate.toFloatArray(), viaClear.toFloatArray());

      NDArray replaced = manager.create(START.clone());
      clearing.updateAndClear("w", replaced, manager.create(GRADIENTS[0]), 0.05);
      assertFalse(Arrays.equals(START, replaced.toFloatArray()), "the new array itself is updated");
    }
  }

  /**
   * Split among two threads (in parts, the last one shorter), a step gives the serial step's values
   * bit for bit: each value's update reads only its own values. And a parameter too small to split
   * is updated too.
   */
  @Test
  void updateSplitAmongThreadsEqualsTheSerialOne() {
    int size = 3 * ParallelRanges.MIN_PART_VALUES + 1001;
    float[] start = new float[size];
    float[] gradient = new float[size];
    Random random = new Random(3);
    for (int i = 0; i < size; i++) {
      start[i] = (float) random.nextGaussian();
      gradient[i] = (float) random.nextGaussian();
    }
    try (NDManager manager = NDManager.newBaseManager();
        BlasProjection threads = new BlasProjection(OpenBlasTest.debianOpenBlas(), 2)) {
      NDArray serial = manager.create(start);
      NDArray split = manager.create(start);
      NDArray small = manager.create(START.clone());
      AdamOptimizer one = new AdamOptimizer(0.01f);
      AdamOptimizer two = new AdamOptimizer(0.01f);
      for (int step = 0; step < 3; step++) {
        one.updateAndClear("w", serial, manager.create(gradient), 0.05);
        NDArray g = manager.create(gradient);
        two.updateAndClear("w", split, g, 0.05, threads);
        assertArrayEquals(new float[size], g.toFloatArray(), "the gradient is cleared");
        two.updateAndClear("small", small, manager.create(GRADIENTS[step]), 0.05, threads);
      }
      assertArrayEquals(serial.toFloatArray(), split.toFloatArray());
      double[] expected = torchAdam(0.05, 0.01, 3);
      float[] actual = small.toFloatArray();
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], actual[i], 1e-6);
      }
    }
  }

  /**
   * The teacher's blend done in the optimizer's pass gives, bit for bit, the teacher and the weight
   * that the blend of the weight before its update and then the update give: split among threads
   * (with a part shorter than the others) and serially, on a float32 follower (in the same pass)
   * and on a float64 one (which has no float32 memory to share the pass and is blended apart).
   */
  @Test
  void blendInTheUpdatePassEqualsTheBlendBeforeTheUpdate() {
    int size = 2 * ParallelRanges.MIN_PART_VALUES + 77;
    Random random = new Random(5);
    float[] start = new float[size];
    float[] teacher = new float[size];
    float[] gradient = new float[size];
    for (int i = 0; i < size; i++) {
      start[i] = (float) random.nextGaussian();
      teacher[i] = (float) random.nextGaussian();
      gradient[i] = (float) random.nextGaussian();
    }
    try (NDManager manager = NDManager.newBaseManager();
        BlasProjection threads = new BlasProjection(OpenBlasTest.debianOpenBlas(), 2)) {
      for (ParallelRanges ranges : new ParallelRanges[] {ParallelRanges.SERIAL, threads}) {
        NDArray apartWeight = manager.create(start);
        NDArray apartTeacher = manager.create(teacher);
        NDArray fusedWeight = manager.create(start);
        NDArray fusedTeacher = manager.create(teacher);
        NDArray float64Weight = manager.create(start);
        NDArray float64Teacher = manager.create(teacher).toType(DataType.FLOAT64, true);
        AdamOptimizer apart = new AdamOptimizer(0.01f);
        AdamOptimizer fused = new AdamOptimizer(0.01f);
        AdamOptimizer float64 = new AdamOptimizer(0.01f);
        for (int step = 0; step < 2; step++) {
          EmaTeacher.blend(apartTeacher, apartWeight, 0.97);
          apart.updateAndClear("w", apartWeight, manager.create(gradient), 0.05, ranges);
          NDArray g = manager.create(gradient);
          fused.updateAndClearAfterBlend("w", fusedWeight, g, 0.05, ranges, fusedTeacher, 0.97);
          assertArrayEquals(new float[size], g.toFloatArray(), "the gradient is cleared");
          float64.updateAndClearAfterBlend("w", float64Weight, manager.create(gradient), 0.05, ranges, float64Teacher,
              0.97);
        }
        assertArrayEquals(apartTeacher.toFloatArray(), fusedTeacher.toFloatArray(), "teacher");
        assertArrayEquals(apartWeight.toFloatArray(), fusedWeight.toFloatArray(), "weight");
        assertArrayEquals(apartWeight.toFloatArray(), float64Weight.toFloatArray(), "weight, float64 follower");
        assertFalse(Arrays.equals(teacher, fusedTeacher.toFloatArray()), "the teacher moved");
        float[] float64Values = float64Teacher.toType(DataType.FLOAT32, true).toFloatArray();
        float[] fusedValues = fusedTeacher.toFloatArray();
        for (int i = 0; i < size; i++) {
          assertEquals(fusedValues[i], float64Values[i], 1e-6, "float64 follower, element " + i);
        }
      }
    }
  }
}
