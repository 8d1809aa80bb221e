package org.mhim.viewer.mil;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/**
 * Inverted dropout (keep each value with probability 1 − rate, scale kept values by 1/(1 − rate)),
 * the same distribution as PyTorch's {@code nn.Dropout}, for arrays on the CPU. libtorch's CPU
 * dropout draws one Bernoulli sample per value from a scalar generator, about 16 ns a value here —
 * as long as half the projection's matrix product on an N × 512 activation. This draws the keep
 * mask in Java (two 32-bit draws per 64-bit random number, about 1 ns a value) and multiplies by
 * it. The Java generator is seeded from libtorch's, so a run seeded through the engine stays
 * reproducible.
 */
final class HostDropout {

  private HostDropout() {}

  /**
   * {@code x} with dropout at {@code rate} ∈ (0, 1) applied (training only; the caller checks).
   * With {@code overwrite} and autograd off on this thread (the teacher's pass) {@code x} itself is
   * multiplied in place as the mask is drawn and returned: no mask array, no second array the size
   * of {@code x}.
   */
  static NDArray apply(NDArray x, float rate, boolean overwrite) {
    long size = x.getShape().size();
    if (size > Integer.MAX_VALUE / Float.BYTES) {
      throw new IllegalArgumentException("array too large for a host dropout mask: " + x.getShape());
    }
    long[] draws =
        x.getManager().randomInteger(0, Integer.MAX_VALUE, new Shape(2), DataType.INT64).toLongArray();
    long seed = (draws[0] << 31) ^ draws[1];
    if (overwrite && !JniUtils.isGradMode()) {
      MemorySegment values = HostArrays.writableView(x);
      if (values != null) {
        // No mask array: each value is multiplied by its mask value as it is drawn, in one pass.
        scaleInPlace(values, new MaskDraws(rate, seed));
        return x;
      }
    }
    // The mask is drawn straight into the memory of a libtorch array (autograd keeps it for the
    // backward pass): no second buffer and no copy of up to 100 MB per call.
    NDArray mask = x.getManager().create(x.getShape(), DataType.FLOAT32); // uninitialised
    fill(HostArrays.requireWritable(mask, "dropout mask"), (int) size, new MaskDraws(rate, seed));
    if (overwrite && !JniUtils.isGradMode()) {
      try (mask) {
        return x.muli(mask);
      }
    }
    return x.mul(mask);
  }

  /**
   * x ← x · m with m the mask {@link #fill} would draw from the same seed (the same draws in the
   * same order, the same product as libtorch's multiplication by the mask array).
   */
  private static void scaleInPlace(MemorySegment x, MaskDraws draws) {
    // HostArrays' chunks have an even length: each 64-bit draw covers a pair of values, as in fill.
    HostArrays.update(1, (chunks, length) -> draws.next(chunks[0], length, true), x);
  }

  /** Fills the mask: 1/(1 − rate) where a value is kept, else 0. */
  private static void fill(MemorySegment out, int size, MaskDraws draws) {
    float[] chunk = new float[Math.min(size, 1 << 14)]; // filled branch-free, then copied in bulk
    for (int start = 0; start < size; start += chunk.length) {
      int length = Math.min(chunk.length, size - start);
      draws.next(chunk, length, false);
      MemorySegment.copy(chunk, 0, out, ValueLayout.JAVA_FLOAT, (long) start * Float.BYTES, length);
    }
  }

  /**
   * The mask's values in order, one 64-bit draw per pair of values: a value is kept (scaled by
   * 1/(1 − rate)) when its unsigned 32-bit half is at least rate·2³², probability 1 − rate (to 2⁻³²),
   * else zeroed. One rule for the mask array and for dropout in place, so both give the same bits.
   */
  private static final class MaskDraws {
    private final float scale;
    private final long threshold;
    private final SplittableRandom random;

    MaskDraws(float rate, long seed) {
      this.scale = 1f / (1f - rate);
      this.threshold = (long) Math.ceil(rate * 4294967296.0);
      this.random = new SplittableRandom(seed);
    }

    /**
     * The next {@code length} mask values (chunks before this one of even length): written into
     * {@code v}, or, with {@code multiply}, multiplied into it.
     */
    void next(float[] v, int length, boolean multiply) {
      for (int i = 0; i < length; i += 2) {
        long bits = random.nextLong();
        float first = (bits >>> 32) >= threshold ? scale : 0f;
        v[i] = multiply ? v[i] * first : first;
        if (i + 1 < length) {
          float second = (bits & 0xFFFFFFFFL) >= threshold ? scale : 0f;
          v[i + 1] = multiply ? v[i + 1] * second : second;
        }
      }
    }
  }
}
