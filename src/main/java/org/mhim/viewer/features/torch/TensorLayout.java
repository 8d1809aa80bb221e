package org.mhim.viewer.features.torch;

import java.nio.file.Path;
import java.util.Arrays;

/** Copies a strided view of a storage into a contiguous row-major tensor, checking every bound. */
final class TensorLayout {

  /** PyTorch itself caps tensors at 64 dimensions. */
  static final int MAX_RANK = 64;

  private TensorLayout() {}

  static TorchTensor view(Path file, StorageRef storage, long offset, long[] size, long[] stride)
      throws CheckpointFormatException {
    String where = "tensor view " + Arrays.toString(size) + " of storage '" + storage.key() + "'";
    if (size.length != stride.length || size.length > MAX_RANK) {
      throw new CheckpointFormatException(
          file, where + " has " + stride.length + " strides for " + size.length + " dimensions");
    }
    if (offset < 0 || Arrays.stream(stride).anyMatch(s -> s < 0)) {
      throw new CheckpointFormatException(
          file, where + " has a negative offset or stride " + Arrays.toString(stride));
    }
    TorchDType dtype = storage.dtype();
    long bytes;
    try {
      bytes = TorchTensor.byteSize(dtype, size);
    } catch (IllegalArgumentException e) {
      throw new CheckpointFormatException(file, where + ": " + e.getMessage());
    }
    int es = dtype.byteSize();
    long numel = bytes / es;
    if (numel == 0) {
      return TorchTensor.wrap(dtype, size, new byte[0]);
    }
    long last;
    try {
      last = offset;
      for (int d = 0; d < size.length; d++) {
        last = Math.addExact(last, Math.multiplyExact(size[d] - 1, stride[d]));
      }
    } catch (ArithmeticException e) {
      throw new CheckpointFormatException(file, where + " has absurd strides " + Arrays.toString(stride));
    }
    if (last >= storage.numel()) {
      throw new CheckpointFormatException(
          file,
          where + " at offset " + offset + " with strides " + Arrays.toString(stride)
              + " reaches element " + last + ", but the storage holds only " + storage.numel()
              + " elements");
    }
    byte[] source = storage.bytes();
    if (isContiguous(size, stride)) {
      if (offset == 0 && source.length == bytes) {
        return TorchTensor.wrap(dtype, size, source); // whole storage: share it, it never changes
      }
      return TorchTensor.wrap(
          dtype, size, Arrays.copyOfRange(source, (int) (offset * es), (int) (offset * es + bytes)));
    }
    return TorchTensor.wrap(dtype, size, gather(source, es, offset, size, stride, (int) bytes));
  }

  /** Row-major contiguity; dimensions of size 1 may carry any stride. */
  static boolean isContiguous(long[] size, long[] stride) {
    long expected = 1;
    for (int d = size.length - 1; d >= 0; d--) {
      if (size[d] != 1 && stride[d] != expected) {
        return false;
      }
      expected *= size[d];
    }
    return true;
  }

  /** Walks the view like an odometer, copying the innermost dimension as a run when it is dense. */
  private static byte[] gather(
      byte[] source, int es, long offset, long[] size, long[] stride, int bytes) {
    byte[] out = new byte[bytes];
    int rank = size.length;
    int inner = rank - 1;
    long innerSize = size[inner];
    long innerStride = stride[inner];
    long[] index = new long[rank];
    long base = offset;
    int pos = 0;
    while (pos < bytes) {
      if (innerStride == 1) {
        int run = (int) (innerSize * es);
        System.arraycopy(source, (int) (base * es), out, pos, run);
        pos += run;
      } else {
        for (long i = 0; i < innerSize; i++) {
          System.arraycopy(source, (int) ((base + i * innerStride) * es), out, pos, es);
          pos += es;
        }
      }
      // Advance the outer dimensions.
      for (int d = inner - 1; d >= 0; d--) {
        index[d]++;
        base += stride[d];
        if (index[d] < size[d]) {
          break;
        }
        base -= stride[d] * size[d];
        index[d] = 0;
      }
    }
    return out;
  }
}
