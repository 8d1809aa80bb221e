package org.mhim.viewer.mil;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mhim.viewer.features.NoGradient;

/** The shortcuts of the Nyström attention give what the whole computation gives. */
class NystromAttentionTest {

  private static final int DIM = 32;

  /** n tokens: shorter than the landmarks, than the residual kernel's reach, and padded. */
  @ParameterizedTest
  @ValueSource(ints = {1, 5, 17, 40, 300})
  void firstRowAloneEqualsTheFirstRowOfTheWholeLayer(int n) {
    try (NDManager manager = NDManager.newBaseManager();
        NoGradient _ = NoGradient.enter()) {
      TransLayer layer = TransLayer.builder().setDim(DIM).optHeads(4).optDropout(0f).build();
      layer.initialize(manager, DataType.FLOAT32, new Shape(1, DIM));
      ParameterStore ps = new ParameterStore(manager, false);
      NDArray x = manager.randomNormal(new Shape(n, DIM));
      NDArray whole = layer.apply(ps, x, false, false).output(); // [n, D]
      NDArray first = layer.applyFirst(ps, x, false); // [1, D]
      assertEquals(new Shape(1, DIM), first.getShape());
      assertArrayEquals(whole.get(new NDIndex().addSliceDim(0, 1)).toFloatArray(), first.toFloatArray(), 1e-5f);
    }
  }

  /** Without autograd the kernel is formed in row blocks; with it, at once: the same output. */
  @Test
  void rowBlocksGiveWhatOneBlockGives() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NystromAttention attention =
          NystromAttention.builder().setDim(DIM).optHeads(4).optLandmarks(16).optDropout(0f).build();
      attention.initialize(manager, DataType.FLOAT32, new Shape(1, DIM));
      ParameterStore ps = new ParameterStore(manager, false);
      NDArray x = manager.randomNormal(new Shape(9_000, DIM)); // more rows than one block
      float[] blocked;
      try (NoGradient _ = NoGradient.enter()) {
        blocked = attention.attend(ps, x, false, false).output().toFloatArray();
      }
      float[] whole;
      try (GradientCollector _ = Engine.getInstance().newGradientCollector()) {
        assertTrue(JniUtils.isGradMode(), "the collector turns autograd on");
        whole = attention.attend(ps, x, false, false).output().toFloatArray();
      }
      assertArrayEquals(whole, blocked, 1e-5f);
    }
  }
}
