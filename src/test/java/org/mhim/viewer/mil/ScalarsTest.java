package org.mhim.viewer.mil;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class ScalarsTest {

  /**
   * Between the forward and the backward pass, collects garbage and fills freshly allocated small
   * direct buffers with NaN, so memory that a collected constant's buffer left behind is reused
   * and poisoned. With DJL's {@code x.mul(2f)} the backward pass then reads NaN (seen while
   * writing this test); with {@link Scalars} it must read the constants.
   */
  @Test
  void gradientsThroughConstantsSurviveCollectedJavaBuffers() throws Exception {
    float[] gradient = gradientAfterPoisoning(Scalars::mul, Scalars::div);
    assertArrayEquals(new float[] {2.25f, 2.25f, 2.25f}, gradient, 1e-6f);
  }

  static float[] gradientAfterPoisoning(
      BiFunction<NDArray, Float, NDArray> mul, BiFunction<NDArray, Float, NDArray> div)
      throws InterruptedException {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.create(new float[] {1f, 2f, 3f});
      x.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray y = mul.apply(x, 2f).add(div.apply(x, 4f)).sum(); // dy/dx = 2 + 1/4
        List<ByteBuffer> poison = poisonFreedSmallBuffers();
        collector.backward(y);
        poison.clear();
      }
      return x.getGradient().toFloatArray();
    }
  }

  private static List<ByteBuffer> poisonFreedSmallBuffers() throws InterruptedException {
    List<ByteBuffer> kept = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      System.gc();
      Thread.sleep(100); // the cleaner thread frees collected direct buffers
      for (int i = 0; i < 20_000; i++) {
        ByteBuffer b = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
        b.putFloat(0, Float.NaN);
        kept.add(b);
      }
    }
    return kept;
  }
}
