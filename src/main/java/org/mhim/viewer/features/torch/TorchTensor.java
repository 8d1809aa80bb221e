package org.mhim.viewer.features.torch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * An immutable tensor: element type, shape and its elements as one contiguous, row-major,
 * little-endian block (a copy made at load time, whatever the offset, strides or sharing of the
 * storage it came from). Equality compares type, shape and element bytes.
 *
 * <p>A value class rather than a record so the reader can hand over a freshly made block without
 * copying it a second time; accessors carry record-style names.
 */
public final class TorchTensor {

  /** The largest element block held (Java arrays index with int). */
  public static final long MAX_BYTES = Integer.MAX_VALUE - 8;

  private final TorchDType dtype;
  private final long[] shape;
  private final byte[] data;

  private TorchTensor(TorchDType dtype, long[] shape, byte[] data) {
    this.dtype = dtype;
    this.shape = shape;
    this.data = data;
  }

  /** A tensor from little-endian element bytes (the remaining bytes of {@code data}, copied). */
  public static TorchTensor of(TorchDType dtype, long[] shape, ByteBuffer data) {
    Objects.requireNonNull(dtype, "dtype");
    long[] dims = shape.clone();
    long bytes = byteSize(dtype, dims);
    if (data.remaining() != bytes) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(dims) + " of " + dtype + " needs " + bytes + " bytes, got "
              + data.remaining());
    }
    byte[] copy = new byte[(int) bytes];
    data.duplicate().get(copy);
    return new TorchTensor(dtype, dims, copy);
  }

  /** A float32 tensor of {@code values} in row-major order. */
  public static TorchTensor ofFloats(float[] values, long... shape) {
    checkCount(values.length, shape);
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(values);
    return new TorchTensor(TorchDType.FLOAT32, shape.clone(), buffer.array());
  }

  /** An int64 tensor of {@code values} in row-major order. */
  public static TorchTensor ofLongs(long[] values, long... shape) {
    checkCount(values.length, shape);
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asLongBuffer().put(values);
    return new TorchTensor(TorchDType.INT64, shape.clone(), buffer.array());
  }

  /** Takes ownership of {@code data}, which nobody else may change afterwards. */
  static TorchTensor wrap(TorchDType dtype, long[] shape, byte[] data) {
    if (byteSize(dtype, shape) != data.length) {
      throw new IllegalArgumentException("element block does not match the shape");
    }
    return new TorchTensor(dtype, shape.clone(), data);
  }

  /** Elements times element size; refuses negative dimensions and blocks too large to hold. */
  static long byteSize(TorchDType dtype, long[] shape) {
    long count = 1;
    for (long dim : shape) {
      if (dim < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      if (dim != 0 && count > MAX_BYTES / dim) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large");
      }
      count *= dim;
    }
    if (count > MAX_BYTES / dtype.byteSize()) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " of " + dtype + " exceeds " + MAX_BYTES + " bytes");
    }
    return count * dtype.byteSize();
  }

  private static void checkCount(int count, long[] shape) {
    long expected = 1;
    for (long dim : shape) {
      if (dim < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      expected = Math.multiplyExact(expected, dim);
    }
    if (expected != count) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " holds " + expected + " values, got " + count);
    }
  }

  public TorchDType dtype() {
    return dtype;
  }

  /** The dimensions (a copy). */
  public long[] shape() {
    return shape.clone();
  }

  /** The dimensions as ints (every dimension of a held tensor fits an int). */
  public int[] intShape() {
    return Arrays.stream(shape).mapToInt(Math::toIntExact).toArray();
  }

  public int rank() {
    return shape.length;
  }

  /** The number of elements. */
  public long numel() {
    return data.length / dtype.byteSize();
  }

  /** The elements: a read-only little-endian view, positioned at 0. */
  public ByteBuffer data() {
    return ByteBuffer.wrap(data).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** The element block itself, for writers in this package that only read it. */
  byte[] rawBytes() {
    return data;
  }

  /** The elements converted to float (half, bfloat16, double, integers and bool alike). */
  public float[] toFloatArray() {
    int n = (int) numel();
    float[] out = new float[n];
    ByteBuffer in = data();
    switch (dtype) {
      case FLOAT32 -> in.asFloatBuffer().get(out);
      default -> {
        for (int i = 0; i < n; i++) {
          out[i] = (float) element(in, i);
        }
      }
    }
    return out;
  }

  /** The elements converted to double. */
  public double[] toDoubleArray() {
    int n = (int) numel();
    double[] out = new double[n];
    ByteBuffer in = data();
    for (int i = 0; i < n; i++) {
      out[i] = element(in, i);
    }
    return out;
  }

  /**
   * The elements of an integer or bool tensor as long.
   *
   * @throws IllegalStateException for floating-point tensors, which would lose their fractions
   */
  public long[] toLongArray() {
    int n = (int) numel();
    long[] out = new long[n];
    ByteBuffer in = data();
    switch (dtype) {
      case INT64 -> in.asLongBuffer().get(out);
      case INT32 -> {
        for (int i = 0; i < n; i++) out[i] = in.getInt(i * 4);
      }
      case INT16 -> {
        for (int i = 0; i < n; i++) out[i] = in.getShort(i * 2);
      }
      case INT8 -> {
        for (int i = 0; i < n; i++) out[i] = in.get(i);
      }
      case UINT8, BOOL -> {
        for (int i = 0; i < n; i++) out[i] = Byte.toUnsignedInt(in.get(i));
      }
      default ->
          throw new IllegalStateException("a " + dtype + " tensor has no exact long values");
    }
    return out;
  }

  /** The element at {@code index} (one coordinate per dimension), as a double. */
  public double valueAt(long... index) {
    if (index.length != shape.length) {
      throw new IllegalArgumentException(
          "index " + Arrays.toString(index) + " for shape " + Arrays.toString(shape));
    }
    long flat = 0;
    for (int d = 0; d < shape.length; d++) {
      Objects.checkIndex(index[d], shape[d]);
      flat = flat * shape[d] + index[d];
    }
    return element(data(), (int) flat);
  }

  private double element(ByteBuffer in, int i) {
    return switch (dtype) {
      case FLOAT32 -> in.getFloat(i * 4);
      case FLOAT16 -> Float.float16ToFloat(in.getShort(i * 2));
      case BFLOAT16 -> Float.intBitsToFloat((in.getShort(i * 2) & 0xffff) << 16);
      case FLOAT64 -> in.getDouble(i * 8);
      case INT64 -> in.getLong(i * 8);
      case INT32 -> in.getInt(i * 4);
      case INT16 -> in.getShort(i * 2);
      case INT8 -> in.get(i);
      case UINT8, BOOL -> Byte.toUnsignedInt(in.get(i));
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TorchTensor t
        && dtype == t.dtype
        && Arrays.equals(shape, t.shape)
        && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(dtype, Arrays.hashCode(shape), Arrays.hashCode(data));
  }

  /** Type, shape and the first few values, e.g. {@code TorchTensor[FLOAT32 [2, 3] 0.5, 1.0, …]}. */
  @Override
  public String toString() {
    StringJoiner values = new StringJoiner(", ");
    ByteBuffer in = data();
    int shown = (int) Math.min(numel(), 6);
    for (int i = 0; i < shown; i++) {
      double v = element(in, i);
      values.add(dtype.ordinal() <= TorchDType.FLOAT64.ordinal() ? Double.toString(v) : Long.toString((long) v));
    }
    if (numel() > shown) {
      values.add("…");
    }
    return "TorchTensor[" + dtype + " " + Arrays.toString(shape) + " " + values + "]";
  }
}
