package org.mhim.viewer.mil;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * Java's access to the memory of libtorch CPU float32 arrays: views of it, and element-wise passes
 * over such views a chunk at a time through heap arrays the JIT vectorises. For work that as
 * libtorch ops would cost a parallel region and a temporary per op (ReLU of a fresh product, an
 * optimizer step, the EMA blend, a dropout mask).
 */
final class HostArrays {

  /** Floats per chunk of a pass: 16 KiB a segment, in cache whatever the segment count; even (HostDropout draws values in pairs). */
  private static final int CHUNK = 4096;

  private HostArrays() {}

  /** Whether {@code x} can be viewed: a float32 libtorch array on the CPU. */
  static boolean accepts(NDArray x) {
    return x instanceof PtNDArray && Device.Type.CPU.equals(x.getDevice().getDeviceType()) && x.getDataType() == DataType.FLOAT32;
  }

  /**
   * The values of a CPU float32 array in row-major order (its own memory, or for an array that is
   * not contiguous a copy: read only through {@link #writableView}), or null when libtorch hands
   * out no direct buffer (then the caller keeps a libtorch path).
   */
  static MemorySegment view(NDArray x) {
    if (!accepts(x)) {
      return null;
    }
    ByteBuffer bytes = ((PtNDArray) x).toByteBuffer(true);
    if (!bytes.isDirect() || bytes.capacity() != x.size() * Float.BYTES) {
      return null;
    }
    return MemorySegment.ofBuffer(bytes);
  }

  /**
   * The memory of {@code x} to write into: as {@link #view}, but null unless it is the array's own
   * memory. For an array that is not contiguous libtorch hands out a contiguous copy, whose writes
   * would be lost; a copy is made afresh on each call, the array's memory is the same every time.
   */
  static MemorySegment writableView(NDArray x) {
    MemorySegment first = view(x);
    if (first == null) {
      return null;
    }
    MemorySegment second = view(x);
    return second != null && second.address() == first.address() ? first : null;
  }

  /** {@link #view}, or an exception naming {@code what} had none. */
  static MemorySegment requireView(NDArray x, String what) {
    MemorySegment s = view(x);
    if (s == null) {
      throw new IllegalStateException("libtorch gave no in-place view of the " + what);
    }
    return s;
  }

  /** {@link #writableView}, or an exception naming {@code what} had none. */
  static MemorySegment requireWritable(NDArray x, String what) {
    MemorySegment s = writableView(x);
    if (s == null) {
      throw new IllegalStateException("libtorch gave no in-place view of the " + what);
    }
    return s;
  }

  /**
   * Writes {@code values} into {@code target} (a float32 array of as many values) in place: a copy
   * into its memory when it has a writable view, else libtorch's {@code set}, whose kernel prints
   * a deprecation warning of libtorch's own on a command line's standard error the first time.
   */
  static void copyInto(NDArray target, float[] values) {
    if (target.size() != values.length) {
      throw new IllegalArgumentException(values.length + " values for an array of " + target.getShape());
    }
    MemorySegment memory = writableView(target);
    if (memory != null) {
      MemorySegment.copy(values, 0, memory, ValueLayout.JAVA_FLOAT, 0, values.length);
    } else {
      target.set(FloatBuffer.wrap(values));
    }
  }

  /** One chunk of a pass: {@code chunks[s][0 .. length)} holds the chunk of segment {@code s}. */
  @FunctionalInterface
  interface ChunkUpdate {
    void apply(float[][] chunks, int length);
  }

  /**
   * Runs {@code update} over float segments of equal size, a chunk at a time: each chunk of every
   * segment is copied into a heap array, updated, and copied back for the first {@code written}
   * segments (the others are only read).
   */
  static void update(int written, ChunkUpdate update, MemorySegment... segments) {
    updateAt(written, (chunks, length, first) -> update.apply(chunks, length), segments);
  }

  /** One chunk of a pass that needs to know where it is: {@code first} is its first value's index. */
  @FunctionalInterface
  interface IndexedChunkUpdate {
    void apply(float[][] chunks, int length, long first);
  }

  /** {@link #update}, telling each chunk the index of its first value in the segments. */
  static void updateAt(int written, IndexedChunkUpdate update, MemorySegment... segments) {
    float[][] chunks = new float[segments.length][CHUNK];
    long count = segments[0].byteSize() / Float.BYTES;
    for (long start = 0; start < count; start += CHUNK) {
      int length = (int) Math.min(CHUNK, count - start);
      long offset = start * Float.BYTES;
      for (int s = 0; s < segments.length; s++) {
        MemorySegment.copy(segments[s], ValueLayout.JAVA_FLOAT, offset, chunks[s], 0, length);
      }
      update.apply(chunks, length, start);
      for (int s = 0; s < written; s++) {
        MemorySegment.copy(chunks[s], 0, segments[s], ValueLayout.JAVA_FLOAT, offset, length);
      }
    }
  }
}
