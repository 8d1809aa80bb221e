package org.mhim.viewer.mil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mhim.viewer.features.NoGradient;

/**
 * predict feeds the bag in blocks and AB-MIL and DSMIL combine per-block results (a split softmax,
 * per-block bag matrices): over many blocks the prediction equals the networks' own forward over
 * the whole bag at once (aggregate, logits, evidence), for the student and the teacher; so does
 * the training step's teacher pass fed in blocks, through libtorch's products or OpenBLAS's.
 */
class BlockwisePredictTest {

  @ParameterizedTest
  @EnumSource(AggregatorKind.class)
  void manyBlocksGiveTheWholeBagsPrediction(AggregatorKind kind) throws Exception {
    int dim = 24;
    int n = 103; // 7 rows per block below: 14 full blocks and a short last one
    Bag bag = BagSizeTest.randomBag(n, dim, 11);
    // Without OpenBLAS: AB-MIL would otherwise predict through its HostPass, which has no blocks.
    try (MhimModel model = BagSizeTest.freshModel(kind, dim, 16, 3, null)) {
      Prediction blocked = model.predict(bag, true, 7 * dim);
      try (NDManager manager = NDManager.newBaseManager();
          NoGradient _ = NoGradient.enter()) {
        ParameterStore ps = new ParameterStore(manager, false);
        NDArray x = manager.create(bag.features(), new Shape(n, dim));
        MhimNetwork student = model.student();
        Aggregation a = student.aggregate(ps, student.project(ps, x, false), false, true);
        NDArray logits = student.logits(ps, a, false);
        InstanceEvidence ev = student.evidence(ps, a, false);
        MhimNetwork teacher = model.teacher();
        Aggregation t = teacher.aggregate(ps, teacher.project(ps, x, false), false, true);

        Fixtures.assertClose(logits.toFloatArray(), blocked.logits());
        Fixtures.assertClose(logits.softmax(0).toFloatArray(), blocked.probabilities());
        Fixtures.assertClose(ev.scores().toFloatArray(), blocked.scores());
        Fixtures.assertClose(ev.attention().toFloatArray(), blocked.attention());
        float[] probs = ev.classProbabilities().toFloatArray();
        assertEquals(n, blocked.instanceProbabilities().length);
        for (int i = 0; i < n; i++) {
          Fixtures.assertClose(Arrays.copyOfRange(probs, 3 * i, 3 * i + 3), blocked.instanceProbabilities()[i]);
        }
        Fixtures.assertClose(teacher.evidence(ps, t, false).scores().toFloatArray(), blocked.teacherScores());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(AggregatorKind.class)
  void theTeachersPassOverManyBlocksIsItsPassOverTheWholeBag(AggregatorKind kind) throws Exception {
    int dim = 24;
    int n = 103;
    Bag bag = BagSizeTest.randomBag(n, dim, 12);
    try (MhimModel model = BagSizeTest.freshModel(kind, dim, 16, 2); // dropout 0: training mode is deterministic
        NDManager manager = NDManager.newBaseManager();
        NoGradient _ = NoGradient.enter()) {
      ParameterStore ps = new ParameterStore(manager, false);
      NDArray x = manager.create(bag.features(), new Shape(n, dim));
      MhimNetwork teacher = model.teacher();
      Aggregation whole = teacher.aggregate(ps, teacher.project(ps, x, true), true, true);

      MhimNetwork.TeacherOutput blocked = teacher.teacher(ps, x, true, 7, null);
      MhimNetwork.TeacherOutput blas;
      try (BlasProjection projection = new BlasProjection(OpenBlasTest.debianOpenBlas(), 2)) {
        blas = teacher.teacher(ps, x, true, 7, projection); // reads the bag's rows in place
      }

      float[] scores = teacher.evidence(ps, whole, true).scores().toFloatArray();
      Fixtures.assertClose(whole.embedding().toFloatArray(), blocked.embedding().toFloatArray());
      Fixtures.assertClose(scores, blocked.scores().toFloatArray());
      Fixtures.assertClose(whole.embedding().toFloatArray(), blas.embedding().toFloatArray());
      Fixtures.assertClose(scores, blas.scores().toFloatArray());
    }
  }

  /**
   * With dropout on, the teacher's pass through OpenBLAS (dropout applied in the projection's pass)
   * draws each block's mask as libtorch's pass does: the same engine seed gives the same result, and
   * another seed another one.
   */
  @ParameterizedTest
  @EnumSource(AggregatorKind.class)
  void theTeachersPassWithDropoutThroughOpenBlasDropsWhatLibtorchsDrops(AggregatorKind kind) {
    int dim = 24;
    int n = 103;
    MhimConfig config =
        new MhimConfig(kind, dim, 16, MhimConfig.defaultClassNames(2), ActivationKind.RELU, ActivationKind.GELU, 8,
            0.25f, 0f, 0.03, 1.0, true, 1, 0.9999, 0.8, 0.1, 0.5, 0.9997);
    Bag bag = BagSizeTest.randomBag(n, dim, 13);
    try (NDManager manager = NDManager.newBaseManager();
        NoGradient _ = NoGradient.enter();
        BlasProjection projection = new BlasProjection(OpenBlasTest.debianOpenBlas(), 2)) {
      MhimNetwork teacher = MhimNetwork.of(config);
      teacher.initialize(manager, DataType.FLOAT32, new Shape(1, dim));
      ParameterStore ps = new ParameterStore(manager, false);
      NDArray x = manager.create(bag.features(), new Shape(n, dim));

      Engine.getInstance().setRandomSeed(21);
      MhimNetwork.TeacherOutput libtorch = teacher.teacher(ps, x, true, 7, null);
      Engine.getInstance().setRandomSeed(21);
      MhimNetwork.TeacherOutput blas = teacher.teacher(ps, x, true, 7, projection);
      Engine.getInstance().setRandomSeed(22);
      MhimNetwork.TeacherOutput otherSeed = teacher.teacher(ps, x, true, 7, projection);

      Fixtures.assertClose(libtorch.embedding().toFloatArray(), blas.embedding().toFloatArray());
      Fixtures.assertClose(libtorch.scores().toFloatArray(), blas.scores().toFloatArray());
      assertFalse(
          Arrays.equals(blas.scores().toFloatArray(), otherSeed.scores().toFloatArray()));
    }
  }
}
