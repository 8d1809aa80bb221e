package org.mhim.viewer.mil;

import java.util.Arrays;

/**
 * A float32 weight held on the Java heap: its shape and its values in row-major order. The common
 * currency between checkpoint readers, bundle files and {@link MhimNetwork} parameters.
 */
public record WeightTensor(long[] shape, float[] values) {

  public WeightTensor {
    shape = shape.clone();
    long count = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
      }
      count = Math.multiplyExact(count, d);
    }
    if (count != values.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " holds " + count + " values, got " + values.length);
    }
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** The shape as {@code [a, b, c]}. */
  public String shapeText() {
    return Arrays.toString(shape);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WeightTensor(long[] s, float[] v)
        && Arrays.equals(shape, s)
        && Arrays.equals(values, v);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "WeightTensor" + shapeText();
  }
}
