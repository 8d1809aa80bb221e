package org.mhim.viewer.mil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Bags at both ends of the range: a single instance and 100,000 instances (small dimensions). */
class BagSizeTest {

  static MhimModel freshModel(AggregatorKind kind, int inputDim, int mlpDim, int classes) throws Exception {
    MhimConfig config = freshConfig(kind, inputDim, mlpDim, classes);
    return MhimModel.create(config, freshWeights(config), freshWeights(config), "fresh");
  }

  /** {@link #freshModel(AggregatorKind, int, int, int)} on the CPU, projecting through {@code blas} or, when null, libtorch. */
  static MhimModel freshModel(AggregatorKind kind, int inputDim, int mlpDim, int classes, BlasProjection blas)
      throws Exception {
    MhimConfig config = freshConfig(kind, inputDim, mlpDim, classes);
    return MhimModel.create(config, freshWeights(config), freshWeights(config), "fresh", Device.cpu(), blas);
  }

  private static MhimConfig freshConfig(AggregatorKind kind, int inputDim, int mlpDim, int classes) {
    return new MhimConfig(kind, inputDim, mlpDim, MhimConfig.defaultClassNames(classes),
        ActivationKind.RELU, ActivationKind.GELU, 8, 0f, 0f, 0.03, 1.0, true, 1, 0.9999, 0.8,
        0.1, 0.5, 0.9997);
  }

  private static Map<String, WeightTensor> freshWeights(MhimConfig config) {
    try (NDManager manager = NDManager.newBaseManager()) {
      MhimNetwork net = MhimNetwork.of(config);
      net.initialize(manager, DataType.FLOAT32, new Shape(1, config.inputDim()));
      return StateDicts.export(net);
    }
  }

  static Bag randomBag(int n, int dim, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] f = new float[n * dim];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) (r.nextDouble() * 4 - 2);
    }
    return new Bag(f, n, dim);
  }

  @ParameterizedTest
  @EnumSource(AggregatorKind.class)
  void oneInstance(AggregatorKind kind) throws Exception {
    try (MhimModel model = freshModel(kind, 384, 128, 3)) {
      Prediction p = model.predict(randomBag(1, 384, 1));
      checkShapes(p, 1, 3);
      assertEquals(1, p.hardInstances(0.01).size());
      assertEquals(new HardInstance(0, 1, p.teacherScores()[0]), p.hardInstances(0.5).getFirst());
      if (kind == AggregatorKind.ABMIL) {
        assertEquals(1f, p.attention()[0], 1e-6f); // a softmax over one instance
      }
    }
  }

  @ParameterizedTest
  @EnumSource(AggregatorKind.class)
  void hundredThousandInstances(AggregatorKind kind) throws Exception {
    int n = 100_000;
    try (MhimModel model = freshModel(kind, 384, 32, 2)) { // small mlp_dim keeps it quick
      Prediction p = model.predict(randomBag(n, 384, 2), false); // student scores stand in for the teacher's
      checkShapes(p, n, 2);
      List<HardInstance> hard = p.hardInstances(0.01);
      assertEquals(1000, hard.size());
      for (int i = 1; i < hard.size(); i++) {
        assertTrue(hard.get(i - 1).score() >= hard.get(i).score(), "highest score first");
        assertEquals(i + 1, hard.get(i).rank());
      }
    }
  }

  private static void checkShapes(Prediction p, int n, int c) {
    assertEquals(c, p.logits().length);
    assertEquals(c, p.probabilities().length);
    assertEquals(n, p.instances());
    assertEquals(n, p.instanceProbabilities().length);
    assertEquals(c, p.instanceProbabilities()[n - 1].length);
    assertEquals(n, p.attention().length);
    float sum = 0;
    for (float v : p.probabilities()) {
      assertTrue(Float.isFinite(v));
      sum += v;
    }
    assertEquals(1f, sum, 1e-5f);
    for (int i = 0; i < n; i++) {
      assertTrue(Float.isFinite(p.scores()[i]), "score " + i);
      assertTrue(Float.isFinite(p.teacherScores()[i]), "teacher score " + i);
      assertTrue(Float.isFinite(p.attention()[i]), "attention " + i);
      for (float v : p.instanceProbabilities()[i]) {
        assertTrue(v >= 0f && v <= 1f, "instance probability " + i);
      }
    }
  }
}
