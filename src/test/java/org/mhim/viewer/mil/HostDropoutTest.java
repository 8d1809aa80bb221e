package org.mhim.viewer.mil;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Dropout in training mode: the reference's distribution, drawn on the host, seeded by the engine. */
class HostDropoutTest {

  @Test
  void keepsAboutOneMinusRateAndScalesWhatItKeeps() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.randomUniform(1f, 2f, new Shape(300, 512));
      float[] in = x.toFloatArray();
      float[] out = Blocks.dropout(x, 0.25f, true).toFloatArray();
      int kept = 0;
      for (int i = 0; i < in.length; i++) {
        if (out[i] != 0f) {
          kept++;
          assertEquals(in[i] / 0.75f, out[i], 1e-5f * out[i]);
        }
      }
      double fraction = kept / (double) in.length; // 153,600 draws: sd of the fraction ≈ 0.0011
      assertEquals(0.75, fraction, 0.01);
    }
  }

  @Test
  void followsTheEngineSeedAndDiffersBetweenCalls() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.ones(new Shape(64, 32));
      Engine.getInstance().setRandomSeed(42);
      float[] first = Blocks.dropout(x, 0.5f, true).toFloatArray();
      float[] second = Blocks.dropout(x, 0.5f, true).toFloatArray();
      Engine.getInstance().setRandomSeed(42);
      float[] again = Blocks.dropout(x, 0.5f, true).toFloatArray();
      assertArrayEquals(first, again);
      assertFalse(Arrays.equals(first, second));
    }
  }

  @Test
  void isTheIdentityOutsideTrainingOrAtRateZero() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.ones(new Shape(4, 4));
      assertSame(x, Blocks.dropout(x, 0.5f, false));
      assertSame(x, Blocks.dropout(x, 0f, true));
    }
  }

  @Test
  void overwritesAFreshArrayOnlyWithAutogradOff() {
    try (NDManager manager = NDManager.newBaseManager();
        org.mhim.viewer.features.NoGradient _ = org.mhim.viewer.features.NoGradient.enter()) {
      Engine.getInstance().setRandomSeed(7);
      float[] copied = Blocks.dropout(manager.ones(new Shape(64, 32)), 0.5f, true).toFloatArray();
      Engine.getInstance().setRandomSeed(7);
      NDArray fresh = manager.ones(new Shape(64, 32));
      NDArray out = Blocks.dropoutOfFresh(fresh, 0.5f, true);
      assertSame(fresh, out); // overwritten in place: the teacher's pass keeps no second array
      assertArrayEquals(copied, out.toFloatArray()); // the same mask as the copying dropout
      try (ai.djl.training.GradientCollector _ = Engine.getInstance().newGradientCollector()) {
        NDArray recorded = manager.ones(new Shape(64, 32));
        NDArray dropped = Blocks.dropoutOfFresh(recorded, 0.5f, true);
        assertFalse(recorded == dropped); // autograd on: the input stays as it was
        assertArrayEquals(manager.ones(new Shape(64, 32)).toFloatArray(), recorded.toFloatArray());
      }
    }
  }

  /**
   * Any range of a mask, from an odd or an even value on, holds the values one pass over the whole
   * array draws (what lets threads mask their own rows), and those are the keep rule applied to
   * {@link SplittableRandom}'s sequence from the same seed.
   */
  @Test
  void anyRangeOfAMaskIsWhatOnePassDrawsFromSplittableRandomsSequence() {
    HostDropout.Mask mask = new HostDropout.Mask(0.25f, 987654321L);
    float[] whole = new float[1001];
    mask.next(whole, whole.length, 0, false);

    float[] pieced = new float[whole.length];
    int[] cuts = {0, 1, 4, 77, 78, 500, 999, 1001};
    for (int k = 0; k + 1 < cuts.length; k++) {
      float[] part = new float[cuts[k + 1] - cuts[k]];
      mask.next(part, part.length, cuts[k], false);
      System.arraycopy(part, 0, pieced, cuts[k], part.length);
    }
    assertArrayEquals(whole, pieced);

    SplittableRandom random = new SplittableRandom(987654321L);
    long threshold = (long) Math.ceil(0.25 * 4294967296.0);
    float[] expected = new float[whole.length];
    for (int i = 0; i < expected.length; i += 2) {
      long bits = random.nextLong();
      expected[i] = (bits >>> 32) >= threshold ? 1f / 0.75f : 0f;
      if (i + 1 < expected.length) {
        expected[i + 1] = (bits & 0xFFFFFFFFL) >= threshold ? 1f / 0.75f : 0f;
      }
    }
    assertArrayEquals(expected, whole);
  }

  @Test
  void inPlaceDropoutOfAnOddSizeAcrossManyChunksIsTheCopyingDropoutBitForBit() {
    try (NDManager manager = NDManager.newBaseManager();
        org.mhim.viewer.features.NoGradient _ = org.mhim.viewer.features.NoGradient.enter()) {
      NDArray x = manager.randomNormal(new Shape(3, 4099)); // 12,297 values: three chunks and a half, odd
      float[] in = x.toFloatArray();
      Engine.getInstance().setRandomSeed(5);
      float[] copied = Blocks.dropout(x, 0.3f, true).toFloatArray();
      Engine.getInstance().setRandomSeed(5);
      NDArray out = Blocks.dropoutOfFresh(x, 0.3f, true);
      assertSame(x, out);
      float[] inPlace = out.toFloatArray();
      assertArrayEquals(copied, inPlace); // exact: the same draws, the same products
      assertFalse(Arrays.equals(in, inPlace));
    }
  }
}
