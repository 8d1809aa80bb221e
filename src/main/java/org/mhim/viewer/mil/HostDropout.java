package org.mhim.viewer.mil;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

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
    Mask draws = Mask.draw(x.getManager(), rate);
    if (overwrite && !JniUtils.isGradMode()) {
      MemorySegment values = HostArrays.writableView(x);
      if (values != null) {
        // No mask array: each value is multiplied by its mask value as it is drawn, in one pass.
        HostArrays.updateAt(1, (chunks, length, first) -> draws.next(chunks[0], length, first, true), values);
        return x;
      }
    }
    // The mask is drawn straight into the memory of a libtorch array (autograd keeps it for the
    // backward pass): no second buffer and no copy of up to 100 MB per call.
    NDArray mask = x.getManager().create(x.getShape(), DataType.FLOAT32); // uninitialised
    fill(HostArrays.requireWritable(mask, "dropout mask"), (int) size, draws);
    if (overwrite && !JniUtils.isGradMode()) {
      try (mask) {
        return x.muli(mask);
      }
    }
    return x.mul(mask);
  }

  /** Fills the mask: 1/(1 − rate) where a value is kept, else 0. */
  private static void fill(MemorySegment out, int size, Mask draws) {
    float[] chunk = new float[Math.min(size, 1 << 14)]; // filled branch-free, then copied in bulk
    for (int start = 0; start < size; start += chunk.length) {
      int length = Math.min(chunk.length, size - start);
      draws.next(chunk, length, start, false);
      MemorySegment.copy(chunk, 0, out, ValueLayout.JAVA_FLOAT, (long) start * Float.BYTES, length);
    }
  }

  /**
   * One dropout mask over an array's values in row-major order, any of whose values can be drawn on
   * its own: value i is kept (scaled by 1/(1 − rate)) when half i mod 2 (the high half first) of the
   * 64-bit draw ⌊i/2⌋ is at least rate·2³² as an unsigned number, probability 1 − rate (to 2⁻³²),
   * else zeroed. Draw d is SplitMix64's (d + 1)-th output from {@code seed}, the sequence
   * {@link java.util.SplittableRandom#nextLong()} gives: a thread can mask any range of rows, in
   * any order and on any thread count, and get the bits one pass over the whole array would.
   */
  record Mask(float rate, long seed) {

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private static final long LOW_HALF = 0xFFFFFFFFL;

    Mask {
      if (!(rate > 0f && rate < 1f)) {
        throw new IllegalArgumentException("dropout rate must be in (0, 1), got " + rate);
      }
    }

    /** A mask at {@code rate} seeded from the engine's generator (two draws, as every dropout call makes). */
    static Mask draw(NDManager manager, float rate) {
      long[] draws = manager.randomInteger(0, Integer.MAX_VALUE, new Shape(2), DataType.INT64).toLongArray();
      return new Mask(rate, (draws[0] << 31) ^ draws[1]);
    }

    /**
     * Values {@code first .. first + length} of the mask: written into {@code v[0 .. length)}, or,
     * with {@code multiply}, multiplied into it.
     */
    void next(float[] v, int length, long first, boolean multiply) {
      float scale = 1f / (1f - rate);
      long threshold = (long) Math.ceil(rate * 4294967296.0);
      int i = 0;
      long index = first;
      if ((index & 1) != 0 && length > 0) { // an odd start takes the low half of its draw
        float keep = keep(mix64(seed + ((index >>> 1) + 1) * GOLDEN_GAMMA) & LOW_HALF, threshold, scale);
        v[0] = multiply ? v[0] * keep : keep;
        i = 1;
        index++;
      }
      long state = seed + ((index >>> 1) + 1) * GOLDEN_GAMMA;
      for (; i < length; i += 2, state += GOLDEN_GAMMA) {
        long bits = mix64(state);
        float first32 = keep(bits >>> 32, threshold, scale);
        v[i] = multiply ? v[i] * first32 : first32;
        if (i + 1 < length) {
          float second32 = keep(bits & LOW_HALF, threshold, scale);
          v[i + 1] = multiply ? v[i + 1] * second32 : second32;
        }
      }
    }

    /**
     * {@code scale} when the 32-bit draw {@code half} is at least {@code threshold}, else 0, without
     * a branch: the sign bit of half − threshold decides (a branch mispredicted on a quarter of the
     * values at rate 0.25, and took twice as long).
     */
    private static float keep(long half, long threshold, float scale) {
      return scale * (1 - ((half - threshold) >>> 63));
    }

    /** SplitMix64's output function (Stafford's Mix13), as {@link java.util.SplittableRandom} has it. */
    private static long mix64(long z) {
      z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
      z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
      return z ^ (z >>> 31);
    }
  }
}
