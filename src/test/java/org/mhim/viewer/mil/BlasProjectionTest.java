package org.mhim.viewer.mil;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mhim.viewer.features.NoGradient;

/**
 * The projection through OpenBLAS gives libtorch's projection: from a Java array and from a
 * libtorch array's memory, split over several threads with uneven shares, with ReLU (done here) and
 * GELU (left to libtorch); with the products of the projected rows a consumer asks for; a model
 * without OpenBLAS predicts the same as one with it (AB-MIL's attention and classifier products
 * then come from the projection's pass).
 */
class BlasProjectionTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void equalsLibtorchsProjectionFromHeapAndFromNativeMemory(int threads) {
    for (ActivationKind activation : new ActivationKind[] {ActivationKind.RELU, ActivationKind.GELU}) {
      int in = 40;
      int out = 24;
      int rows = 301; // with 3 threads: shares of 100, 100, 101 rows
      float[] features = OpenBlasTest.random(rows * in, 9);
      try (NDManager manager = NDManager.newBaseManager();
          BlasProjection blas = new BlasProjection(OpenBlasTest.debianOpenBlas(), threads);
          NoGradient _ = NoGradient.enter()) {
        InstanceProjection p =
            InstanceProjection.builder().setInputDim(in).setOutputDim(out).optActivation(activation).build();
        p.initialize(manager, DataType.FLOAT32, new Shape(1, in));
        ParameterStore ps = new ParameterStore(manager, false);
        NDArray x = manager.create(features, new Shape(rows, in));
        float[] expected = Blocks.apply(p, ps, x, false).toFloatArray();

        NDArray fromHeap = p.forwardRows(blas, ps, MemorySegment.ofArray(features), rows, manager, false);
        MemorySegment view = HostArrays.view(x);
        assertNotNull(view, "libtorch hands out a contiguous CPU array's memory");
        NDArray fromNative = p.forwardRows(blas, ps, view, rows, manager, false);

        assertEquals(new Shape(rows, out), fromHeap.getShape());
        Fixtures.assertClose(expected, fromHeap.toFloatArray());
        Fixtures.assertClose(expected, fromNative.toFloatArray());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void makesTheProductsOfEachProjectedRowWithTheWeightsAskedInTheProjectionsPassOrApart(int threads) {
    int in = 40;
    int out = 24;
    int rows = 700; // with 3 threads: units of 256, 256 and 188 rows
    float[] features = OpenBlasTest.random(rows * in, 10);
    try (NDManager manager = NDManager.newBaseManager();
        BlasProjection blas = new BlasProjection(OpenBlasTest.debianOpenBlas(), threads);
        NoGradient _ = NoGradient.enter()) {
      InstanceProjection p = reluProjection(manager, in, out);
      ParameterStore ps = new ParameterStore(manager, false);
      NDArray h = Blocks.apply(p, ps, manager.create(features, new Shape(rows, in)), false);
      NDArray wide = manager.randomNormal(new Shape(7, out));
      NDArray narrow = manager.randomNormal(new Shape(1, out));

      List<NDArray> made = blas.projectWithProducts(p, ps, MemorySegment.ofArray(features), rows, manager, false, List.of(wide, narrow), null);

      assertEquals(3, made.size());
      assertEquals(new Shape(rows, 7), made.get(1).getShape());
      assertEquals(new Shape(rows, 1), made.get(2).getShape());
      Fixtures.assertClose(h.toFloatArray(), made.get(0).toFloatArray());
      Fixtures.assertClose(h.matMul(wide.transpose()).toFloatArray(), made.get(1).toFloatArray());
      Fixtures.assertClose(h.matMul(narrow.transpose()).toFloatArray(), made.get(2).toFloatArray());
      NDArray changed = h.mul(manager.randomUniform(0f, 2f, h.getShape())); // rows changed after the projection
      List<NDArray> apart = blas.products(changed, List.of(wide, narrow), manager);
      assertEquals(2, apart.size());
      Fixtures.assertClose(changed.matMul(wide.transpose()).toFloatArray(), apart.get(0).toFloatArray());
      Fixtures.assertClose(changed.matMul(narrow.transpose()).toFloatArray(), apart.get(1).toFloatArray());
      assertThrows(IllegalArgumentException.class,
          () -> blas.projectWithProducts(p, ps, MemorySegment.ofArray(features), rows, manager, false,
              List.of(manager.zeros(new Shape(3, out + 1))), null));
      InstanceProjection gelu =
          InstanceProjection.builder().setInputDim(in).setOutputDim(out).optActivation(ActivationKind.GELU).build();
      gelu.initialize(manager, DataType.FLOAT32, new Shape(1, in));
      assertThrows(IllegalArgumentException.class,
          () -> blas.projectWithProducts(gelu, ps, MemorySegment.ofArray(features), rows, manager, false, List.of(wide), null));
    }
  }

  /**
   * One projection object gathers rows for a narrow and then a wide projection, twice: its pooled
   * scratch memory must serve both sizes (a piece too small for the wide rows is not reused).
   */
  @Test
  void gathersRowsInOrderForNarrowAndWideProjectionsFromPooledScratch() {
    try (NDManager manager = NDManager.newBaseManager();
        BlasProjection blas = new BlasProjection(OpenBlasTest.debianOpenBlas(), 2);
        NoGradient _ = NoGradient.enter()) {
      ParameterStore ps = new ParameterStore(manager, false);
      for (int round = 0; round < 2; round++) {
        for (int in : new int[] {8, 700}) {
          int rows = 1500;
          InstanceProjection p = InstanceProjection.builder().setInputDim(in).setOutputDim(6).optDropout(0f).build();
          p.initialize(manager, DataType.FLOAT32, new Shape(1, in));
          NDArray bag = manager.create(OpenBlasTest.random(rows * in, 3 + in), new Shape(rows, in));
          long[] order = new long[rows - 100]; // every row but the first 100, last first
          for (int i = 0; i < order.length; i++) {
            order[i] = rows - 1 - i;
          }
          NDArray gathered = bag.get(new ai.djl.ndarray.index.NDIndex("{}", manager.create(order)));
          float[] expected = Blocks.apply(p, ps, gathered, false).toFloatArray();
          NDArray h = blas.projectGathered(p, ps, HostArrays.view(bag), order, 0, order.length, manager, false, null);
          Fixtures.assertClose(expected, h.toFloatArray());
        }
      }
    }
  }

  /**
   * Dropout applied by the threads to their own rows in the projection's pass (units starting at
   * odd value indices: 37 outputs a row) drops exactly what one pass of the same mask over the whole
   * output drops, in the plain, the gathered and the with-products projection.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void dropoutInTheProjectionsPassIsOnePassOfTheSameMaskOverItsOutput(int threads) {
    int in = 20;
    int out = 37;
    int rows = 1500; // units of 256 to 375 rows
    HostDropout.Mask mask = new HostDropout.Mask(0.3f, 12345L);
    try (NDManager manager = NDManager.newBaseManager();
        BlasProjection blas = new BlasProjection(OpenBlasTest.debianOpenBlas(), threads);
        NoGradient _ = NoGradient.enter()) {
      InstanceProjection p = reluProjection(manager, in, out);
      ParameterStore ps = new ParameterStore(manager, false);
      float[] features = OpenBlasTest.random(rows * in, 21);
      MemorySegment x = MemorySegment.ofArray(features);

      float[] plain = blas.project(p, ps, x, rows, manager, false, null).toFloatArray();
      float[] expected = plain.clone();
      mask.next(expected, expected.length, 0, true);
      assertFalse(Arrays.equals(plain, expected), "a rate of 0.3 drops some of 55,500 values");
      assertArrayEquals(
          expected, blas.project(p, ps, x, rows, manager, true, mask).toFloatArray());

      NDArray weight = manager.randomNormal(new Shape(5, out));
      List<NDArray> made = blas.projectWithProducts(p, ps, x, rows, manager, true, List.of(weight), mask);
      assertArrayEquals(expected, made.get(0).toFloatArray());
      Fixtures.assertClose(made.get(0).matMul(weight.transpose()).toFloatArray(), made.get(1).toFloatArray());

      NDArray bag = manager.create(features, new Shape(rows, in));
      long[] order = new long[rows];
      for (int i = 0; i < rows; i++) {
        order[i] = rows - 1 - i; // last row first
      }
      // Gathered rows go through other units than in place (OpenBLAS may round them differently):
      // the reference is the gathered projection without dropout.
      float[] reversed = blas.projectGathered(p, ps, HostArrays.view(bag), order, 0, rows, manager, false, null).toFloatArray();
      mask.next(reversed, reversed.length, 0, true);
      assertArrayEquals(
          reversed, blas.projectGathered(p, ps, HostArrays.view(bag), order, 0, rows, manager, true, mask).toFloatArray());
    }
  }

  /**
   * The weight and bias gradients added by hand for gathered rows split into two leaf parts equal
   * autograd's of the same projection and loss; a part the loss never reached adds nothing. 1,500
   * rows: dZ in several row units, the product over all of them at once, in column units.
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void handGradientsOfSplitRowsEqualAutogradsAndAnUnusedPartAddsNothing(boolean bothParts) {
    int in = 600;
    int out = 24;
    int rows = 1500;
    int at = 1100;
    try (NDManager manager = NDManager.newBaseManager();
        BlasProjection blas = new BlasProjection(OpenBlasTest.debianOpenBlas(), 2)) {
      InstanceProjection p = InstanceProjection.builder().setInputDim(in).setOutputDim(out).optDropout(0f).build();
      p.initialize(manager, DataType.FLOAT32, new Shape(1, in));
      ParameterStore ps = new ParameterStore(manager, false);
      NDArray bag = manager.create(OpenBlasTest.random((rows + 50) * in, 17), new Shape(rows + 50, in));
      long[] order = new long[rows]; // the last 1,500 rows, last first
      for (int i = 0; i < rows; i++) {
        order[i] = rows + 49 - i;
      }
      NDArray first = manager.randomNormal(new Shape(at, out));
      NDArray second = bothParts ? manager.randomNormal(new Shape(rows - at, out)) : null;
      NDArray weight = p.linear().getParameters().get("weight").getArray();
      NDArray bias = p.linear().getParameters().get("bias").getArray();

      float[] expectedW;
      float[] expectedB;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray h = Blocks.apply(p, ps, bag.get(new ai.djl.ndarray.index.NDIndex("{}", manager.create(order))), true);
        List<NDArray> parts = h.split(new long[] {at}, 0);
        collector.backward(loss(parts, first, second));
        expectedW = weight.getGradient().toFloatArray();
        expectedB = bias.getGradient().toFloatArray();
      }
      weight.getGradient().subi(weight.getGradient());
      bias.getGradient().subi(bias.getGradient());

      NDArray h;
      NDList parts;
      try (NoGradient _ = NoGradient.enter()) {
        h = blas.projectGathered(p, ps, HostArrays.view(bag), order, 0, rows, manager, true, null);
        parts = h.split(new long[] {at}, 0);
      }
      parts.forEach(part -> part.setRequiresGradient(true));
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        collector.backward(loss(parts, first, second));
      }
      try (NoGradient _ = NoGradient.enter()) {
        blas.addGradients(p, HostArrays.view(bag), order, h, parts, 1f,
            HostArrays.requireWritable(weight.getGradient(), "dW"), HostArrays.requireWritable(bias.getGradient(), "db"));
      }
      assertFalse(Arrays.equals(new float[expectedW.length], expectedW), "the loss reaches the weight");
      assertCloseAtScale(expectedW, weight.getGradient().toFloatArray());
      assertCloseAtScale(expectedB, bias.getGradient().toFloatArray());
    }
  }

  /**
   * Within 1e-4 of the largest expected value: a gradient summed over 1,500 rows of terms of both
   * signs has values near zero whose float rounding is relative to the terms, not to the sum.
   */
  private static void assertCloseAtScale(float[] expected, float[] actual) {
    float scale = 0f;
    for (float v : expected) {
      scale = Math.max(scale, Math.abs(v));
    }
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-4f * scale, "element " + i);
    }
  }

  /** Σ first ⊙ part 0, plus Σ second ⊙ part 1 when {@code second} is not null. */
  private static NDArray loss(List<NDArray> parts, NDArray first, NDArray second) {
    NDArray loss = parts.get(0).mul(first).sum();
    return second == null ? loss : loss.add(parts.get(1).mul(second).sum());
  }

  @Test
  void refusesToRunUnderAutograd() {
    try (NDManager manager = NDManager.newBaseManager();
        BlasProjection blas = new BlasProjection(OpenBlasTest.debianOpenBlas(), 1)) {
      InstanceProjection p = InstanceProjection.builder().setInputDim(4).setOutputDim(3).build();
      p.initialize(manager, DataType.FLOAT32, new Shape(1, 4));
      ParameterStore ps = new ParameterStore(manager, false);
      MemorySegment x = MemorySegment.ofArray(new float[8]);
      try (GradientCollector _ = Engine.getInstance().newGradientCollector()) {
        assertThrows(IllegalStateException.class, () -> p.forwardRows(blas, ps, x, 2, manager, true));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(AggregatorKind.class)
  void aModelWithoutOpenBlasPredictsTheSame(AggregatorKind kind) throws Exception {
    int dim = 24;
    // Large enough for predict to take OpenBLAS (smaller bags stay in libtorch), in several blocks.
    Bag bag = BagSizeTest.randomBag(MhimModel.BLAS_MIN_INSTANCES + 50, dim, 3);
    try (MhimModel withBlas = BagSizeTest.freshModel(kind, dim, 16, 2);
        MhimModel without =
            MhimModel.create(withBlas.config(), withBlas.studentWeights(), withBlas.teacherWeights(), "copy",
                withBlas.device(), null)) {
      assertTrue(withBlas.usesOpenBlas(), "OpenBLAS is installed, so a CPU model uses it");
      assertFalse(without.usesOpenBlas());
      Prediction a = withBlas.predict(bag, true, 1000 * dim);
      Prediction b = without.predict(bag, true, 1000 * dim);
      Fixtures.assertClose(b.logits(), a.logits());
      Fixtures.assertClose(b.scores(), a.scores());
      Fixtures.assertClose(b.attention(), a.attention());
      Fixtures.assertClose(b.teacherScores(), a.teacherScores());
      for (int i = 0; i < bag.n(); i++) {
        Fixtures.assertClose(b.instanceProbabilities()[i], a.instanceProbabilities()[i]);
      }
    }
  }

  /** An initialised ReLU projection {@code in → out} with the default dropout. */
  private static InstanceProjection reluProjection(NDManager manager, int in, int out) {
    InstanceProjection p = InstanceProjection.builder().setInputDim(in).setOutputDim(out).build();
    p.initialize(manager, DataType.FLOAT32, new Shape(1, in));
    return p;
  }
}
