package org.mhim.viewer.mil;

/** Softmax over values in Java arrays, for the host passes: shifted by the largest value, summed in double. */
final class HostSoftmax {

  private HostSoftmax() {}

  /** The softmax of all of {@code v}, as a new array. */
  static float[] of(float[] v) {
    float[] out = new float[v.length];
    of(v, 0, 1, v.length, out, 0, 1);
    return out;
  }

  /**
   * The softmax of the {@code count} values {@code v[from + k·stride]}, written to
   * {@code out[at + k·outStride]} (which may be those same places); returns the largest value.
   */
  static float of(float[] v, int from, int stride, int count, float[] out, int at, int outStride) {
    float max = Float.NEGATIVE_INFINITY;
    for (int k = 0; k < count; k++) {
      max = Math.max(max, v[from + k * stride]);
    }
    // Each exponential once, kept in out until the sum is known (v is not read again).
    double sum = 0;
    for (int k = 0; k < count; k++) {
      double e = Math.exp(v[from + k * stride] - max);
      out[at + k * outStride] = (float) e;
      sum += e;
    }
    for (int k = 0; k < count; k++) {
      out[at + k * outStride] = (float) (out[at + k * outStride] / sum);
    }
    return max;
  }
}
