package org.mhim.viewer.mil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mhim.viewer.features.NoGradient;

/**
 * A model with OpenBLAS predicts AB-MIL and DSMIL bags in plain Java ({@link HostPass}): the same
 * prediction as a model without OpenBLAS (libtorch's block-by-block inference), for every attention
 * activation of AB-MIL, over one unit of rows and many, split between one to three threads; and the
 * fitted erf and tanh it uses hold float precision.
 */
class HostPassTest {

  @ParameterizedTest
  @CsvSource({
    "ABMIL, GELU, 1, 1", "ABMIL, GELU, 2, 3", "ABMIL, GELU, 2, 1000", "ABMIL, GELU, 3, 3001",
    "ABMIL, RELU, 2, 2500", "ABMIL, TANH, 1, 1500", "ABMIL, TANH, 3, 7",
    "DSMIL, GELU, 1, 1", "DSMIL, GELU, 2, 5", "DSMIL, GELU, 2, 1000", "DSMIL, GELU, 3, 3001"
  })
  void equalsLibtorchsPrediction(AggregatorKind kind, ActivationKind attention, int threads, int n) throws Exception {
    MhimConfig config = config(kind, attention, ActivationKind.RELU);
    Map<String, WeightTensor> student = weights(config, 1);
    Map<String, WeightTensor> teacher = weights(config, 2);
    Bag bag = BagSizeTest.randomBag(n, config.inputDim(), n);
    try (MhimModel libtorch = MhimModel.create(config, student, teacher, "fresh", Device.cpu(), null);
        MhimModel host =
            MhimModel.create(config, student, teacher, "fresh", Device.cpu(), new BlasProjection(OpenBlasTest.debianOpenBlas(), threads))) {
      assertTrue(host.usesOpenBlas());
      Prediction expected = libtorch.predict(bag);
      Prediction actual = host.predict(bag);
      Fixtures.assertClose(expected.logits(), actual.logits());
      Fixtures.assertClose(expected.probabilities(), actual.probabilities());
      Fixtures.assertClose(expected.scores(), actual.scores());
      Fixtures.assertClose(expected.attention(), actual.attention());
      Fixtures.assertClose(expected.teacherScores(), actual.teacherScores());
      assertFalse(Arrays.equals(actual.scores(), actual.teacherScores()), "the teacher's own scores");
      for (int i = 0; i < n; i++) {
        Fixtures.assertClose(expected.instanceProbabilities()[i], actual.instanceProbabilities()[i]);
      }
    }
  }

  /**
   * A training step's teacher pass through the host pass, dropout included, gives libtorch's pass
   * over the bag as one block: the same engine seed the same mask, another seed another one.
   */
  @ParameterizedTest
  @CsvSource({"ABMIL, 2, 1000", "ABMIL, 3, 2500", "ABMIL, 1, 2", "DSMIL, 2, 1000", "DSMIL, 3, 3"})
  void theTeachersPassWithDropoutIsLibtorchs(AggregatorKind kind, int threads, int n) throws Exception {
    MhimConfig config = new MhimConfig(kind, 48, 32, MhimConfig.defaultClassNames(3), ActivationKind.RELU,
        ActivationKind.GELU, 8, 0.25f, 0f, 0.03, 1.0, true, 1, 0.9999, 0.8, 0.1, 0.5, 0.9997);
    Bag bag = BagSizeTest.randomBag(n, config.inputDim(), n + 1);
    try (NDManager manager = NDManager.newBaseManager(Device.cpu());
        NoGradient _ = NoGradient.enter();
        BlasProjection blas = new BlasProjection(OpenBlasTest.debianOpenBlas(), threads)) {
      MhimNetwork teacher = network(config, manager);
      StateDicts.load(teacher, weights(config, 3), "random");
      ParameterStore ps = new ParameterStore(manager, false);
      NDArray x = manager.create(bag.features(), new Shape(n, config.inputDim()));

      Engine.getInstance().setRandomSeed(31);
      MhimNetwork.TeacherOutput libtorch = teacher.teacher(ps, x, true, n, null);
      Engine.getInstance().setRandomSeed(31);
      MhimNetwork.TeacherOutput host = teacher.teacher(ps, x, true, blas);
      Engine.getInstance().setRandomSeed(32);
      MhimNetwork.TeacherOutput otherSeed = teacher.teacher(ps, x, true, blas);

      assertEquals(libtorch.embedding().getShape(), host.embedding().getShape());
      Fixtures.assertClose(libtorch.embedding().toFloatArray(), host.embedding().toFloatArray());
      Fixtures.assertClose(libtorch.scores().toFloatArray(), host.scores().toFloatArray());
      assertFalse(Arrays.equals(host.scores().toFloatArray(), otherSeed.scores().toFloatArray()), "another mask");
    }
  }

  @Test
  void abmilAndDsmilBehindAReluProjectionHaveOne() throws Exception {
    try (NDManager manager = NDManager.newBaseManager(); NoGradient _ = NoGradient.enter()) {
      ParameterStore ps = new ParameterStore(manager, false);
      assertNotNull(network(config(ActivationKind.GELU, ActivationKind.RELU), manager).hostPass(ps));
      assertNotNull(network(config(AggregatorKind.DSMIL, ActivationKind.GELU, ActivationKind.RELU), manager).hostPass(ps));
      assertNull(network(config(ActivationKind.GELU, ActivationKind.GELU), manager).hostPass(ps), "GELU projection");
      assertNull(network(config(AggregatorKind.TRANSMIL, ActivationKind.GELU, ActivationKind.RELU), manager).hostPass(ps), "TransMIL");
    }
  }

  /** GELU's erf within 3e-8 of its values at a few points, odd, and saturating. */
  @Test
  void erfIsCloseEnoughForFloats() {
    double[][] known = {
      {0.1, 0.1124629160182849}, {0.5, 0.5204998778130465}, {1, 0.8427007929497149}, {1.7, 0.9837904585907746},
      {2.5, 0.9995930479825550}, {3, 0.9999779095030014}, {3.5, 0.9999992569016276}, {5, 0.9999999999984626}, {40, 1}
    };
    for (double[] k : known) {
      assertEquals(k[1], ActivationKind.erf(k[0]), 3e-8, "erf(" + k[0] + ")");
      assertEquals(-k[1], ActivationKind.erf(-k[0]), 3e-8, "erf(" + -k[0] + ")");
    }
    assertEquals(0, ActivationKind.erf(0), 0);
  }

  /** tanh within 3e-8 at a few points, odd, and saturating. */
  @Test
  void tanhIsCloseEnoughForFloats() {
    for (double x : new double[] {1e-3, 0.1, 0.5, 1, 2, 3.3, 5, 8, 9, 12, 100}) {
      assertEquals(Math.tanh(x), ActivationKind.tanh(x), 3e-8, "tanh(" + x + ")");
      assertEquals(-Math.tanh(x), ActivationKind.tanh(-x), 3e-8, "tanh(" + -x + ")");
    }
    assertEquals(0, ActivationKind.tanh(0), 0);
  }

  private static MhimConfig config(ActivationKind attention, ActivationKind projection) {
    return config(AggregatorKind.ABMIL, attention, projection);
  }

  private static MhimConfig config(AggregatorKind kind, ActivationKind attention, ActivationKind projection) {
    return new MhimConfig(kind, 48, 32, MhimConfig.defaultClassNames(3), projection, attention,
        8, 0f, 0f, 0.03, 1.0, true, 1, 0.9999, 0.8, 0.1, 0.5, 0.9997);
  }

  private static MhimNetwork network(MhimConfig config, NDManager manager) {
    MhimNetwork net = MhimNetwork.of(config);
    net.initialize(manager, DataType.FLOAT32, new Shape(1, config.inputDim()));
    return net;
  }

  /**
   * Random weights, biases included (the reference's initialisation zeroes them), uniform in
   * ±1/√fan-in, a different draw per seed.
   */
  private static Map<String, WeightTensor> weights(MhimConfig config, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, WeightTensor> out = new LinkedHashMap<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      StateDicts.export(network(config, manager)).forEach((name, w) -> {
        long[] shape = w.shape();
        double bound = 1 / Math.sqrt(shape.length > 1 ? shape[shape.length - 1] : shape[0]);
        float[] values = new float[w.values().length];
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        out.put(name, new WeightTensor(shape, values));
      });
    }
    return out;
  }
}
