package org.mhim.viewer.features.torch;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The allow-list of globals a checkpoint's pickle may name: exactly what a state_dict needs. Every
 * other global is refused by name, before anything could be called.
 */
final class PickleGlobals {

  /** A function or class the unpickler knows how to emulate with plain Java values. */
  enum Callable {
    REBUILD_TENSOR_V2("torch._utils", "_rebuild_tensor_v2"),
    REBUILD_TENSOR("torch._utils", "_rebuild_tensor"),
    REBUILD_PARAMETER("torch._utils", "_rebuild_parameter"),
    REBUILD_PARAMETER_WITH_STATE("torch._utils", "_rebuild_parameter_with_state"),
    ORDERED_DICT("collections", "OrderedDict"),
    TORCH_SIZE("torch", "Size"),
    SET("builtins", "set"),
    FROZENSET("builtins", "frozenset");

    final String module;
    final String name;

    Callable(String module, String name) {
      this.module = module;
      this.name = name;
    }
  }

  /** A typed-storage class such as {@code torch.FloatStorage}, named in a persistent id. */
  record StorageType(TorchDType dtype) {}

  private PickleGlobals() {}

  /**
   * What the global {@code module.name} stands for.
   *
   * @throws UnsafeCheckpointException when it is outside the allow-list
   * @throws CheckpointFormatException for a storage type this reader does not support
   */
  static Object resolve(Path file, String module, String name) throws CheckpointFormatException {
    // Python 2 pickles (protocol 2 from old code) name builtins "__builtin__".
    String normalisedModule = module.equals("__builtin__") ? "builtins" : module;
    for (Callable c : Callable.values()) {
      if (c.module.equals(normalisedModule) && c.name.equals(name)) {
        return c;
      }
    }
    if (module.equals("torch") && name.endsWith("Storage")) {
      Optional<TorchDType> dtype = TorchDType.ofStorageClass(name);
      if (dtype.isPresent()) {
        return new StorageType(dtype.get());
      }
      if (name.matches("[A-Za-z0-9]+Storage")) {
        throw new CheckpointFormatException(
            file, "tensor type torch." + name + " is not supported (supported: float32, float16, "
                + "bfloat16, float64, int64, int32, int16, int8, uint8, bool)");
      }
    }
    throw new UnsafeCheckpointException(file, module + "." + name);
  }
}
