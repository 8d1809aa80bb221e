package org.mhim.viewer.features.torch;

import java.util.Arrays;
import java.util.Optional;

/** The element types this package reads and writes, with PyTorch's typed-storage class names. */
public enum TorchDType {
  FLOAT32(4, "FloatStorage", "torch.float32"),
  FLOAT16(2, "HalfStorage", "torch.float16"),
  BFLOAT16(2, "BFloat16Storage", "torch.bfloat16"),
  FLOAT64(8, "DoubleStorage", "torch.float64"),
  INT64(8, "LongStorage", "torch.int64"),
  INT32(4, "IntStorage", "torch.int32"),
  INT16(2, "ShortStorage", "torch.int16"),
  INT8(1, "CharStorage", "torch.int8"),
  UINT8(1, "ByteStorage", "torch.uint8"),
  BOOL(1, "BoolStorage", "torch.bool");

  private final int byteSize;
  private final String storageClass;
  private final String pythonName;

  TorchDType(int byteSize, String storageClass, String pythonName) {
    this.byteSize = byteSize;
    this.storageClass = storageClass;
    this.pythonName = pythonName;
  }

  /** Bytes per element. */
  public int byteSize() {
    return byteSize;
  }

  /** The storage class in module {@code torch} that pickles this type, e.g. {@code FloatStorage}. */
  public String storageClass() {
    return storageClass;
  }

  /** The name Python prints, e.g. {@code torch.float32}. */
  public String pythonName() {
    return pythonName;
  }

  /** The type whose storage class is {@code name} (in module {@code torch}). */
  public static Optional<TorchDType> ofStorageClass(String name) {
    return Arrays.stream(values()).filter(t -> t.storageClass.equals(name)).findFirst();
  }
}
