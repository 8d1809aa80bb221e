package org.mhim.viewer.features.torch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The named tensors of a model, in file order, as a checkpoint holds them: either the whole file (a
 * flat dict of tensors) or one of its entries ({@code state_dict}, {@code model}, {@code teacher}, or
 * a key the caller names). A {@code module.} prefix (left by DataParallel) is removed from each name.
 */
public final class StateDict {

  /** The entries tried, in order, when the caller names none and the root is not flat. */
  public static final List<String> DEFAULT_KEYS = List.of("state_dict", "model");

  private static final String MODULE_PREFIX = "module.";

  private final Path source;
  private final Map<String, TorchTensor> tensors;

  private StateDict(Path source, Map<String, TorchTensor> tensors) {
    this.source = source;
    this.tensors = Collections.unmodifiableMap(tensors);
  }

  /** Reads {@code file} and picks its state_dict: the root when flat, else a {@link #DEFAULT_KEYS} entry. */
  public static StateDict read(Path file) throws IOException {
    return of(TorchZip.read(file), file, null);
  }

  /** Reads {@code file} and takes the state_dict under {@code key} (for example "teacher"). */
  public static StateDict read(Path file, String key) throws IOException {
    return of(TorchZip.read(file), file, key);
  }

  /**
   * Picks the state_dict from a root already read from {@code source}.
   *
   * @param key the entry holding it, or null to take the root when flat, else a default entry
   */
  public static StateDict of(Object root, Path source, String key) throws CheckpointFormatException {
    if (!(root instanceof Map<?, ?> map)) {
      throw new CheckpointFormatException(source, "holds " + describe(root) + ", not a dict of tensors");
    }
    if (key != null) {
      if (!map.containsKey(key)) {
        throw new CheckpointFormatException(
            source, "has no entry '" + key + "' (it has " + map.keySet() + ")");
      }
      return flat(map.get(key), source, "'" + key + "'");
    }
    if (!map.isEmpty() && map.values().stream().allMatch(v -> v instanceof TorchTensor)) {
      return flat(map, source, "the root dict");
    }
    for (String candidate : DEFAULT_KEYS) {
      if (map.get(candidate) instanceof Map<?, ?>) {
        return flat(map.get(candidate), source, "'" + candidate + "'");
      }
    }
    throw new CheckpointFormatException(
        source, "holds no state_dict: neither a flat dict of tensors nor an entry "
            + DEFAULT_KEYS + " (it has " + map.keySet() + ")");
  }

  private static StateDict flat(Object value, Path source, String where)
      throws CheckpointFormatException {
    if (!(value instanceof Map<?, ?> map)) {
      throw new CheckpointFormatException(source, where + " holds " + describe(value) + ", not a dict");
    }
    Map<String, TorchTensor> tensors = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String name)) {
        throw new CheckpointFormatException(source, where + " has a key that is not a string: " + e.getKey());
      }
      if (!(e.getValue() instanceof TorchTensor tensor)) {
        throw new CheckpointFormatException(
            source, where + " entry '" + name + "' holds " + describe(e.getValue()) + ", not a tensor");
      }
      String stripped = name.startsWith(MODULE_PREFIX) ? name.substring(MODULE_PREFIX.length()) : name;
      if (tensors.put(stripped, tensor) != null) {
        throw new CheckpointFormatException(
            source, where + " names '" + stripped + "' twice (once with a 'module.' prefix)");
      }
    }
    return new StateDict(source, tensors);
  }

  /** The file it was read from. */
  public Path source() {
    return source;
  }

  /** Every tensor by name, in file order (unmodifiable). */
  public Map<String, TorchTensor> tensors() {
    return tensors;
  }

  public Set<String> keys() {
    return tensors.keySet();
  }

  public int size() {
    return tensors.size();
  }

  public Optional<TorchTensor> find(String key) {
    return Optional.ofNullable(tensors.get(key));
  }

  /** The tensor named {@code key}; refused with a message naming the key and the file when absent. */
  public TorchTensor require(String key) throws CheckpointFormatException {
    TorchTensor tensor = tensors.get(key);
    if (tensor == null) {
      throw new CheckpointFormatException(source, "has no tensor '" + key + "'");
    }
    return tensor;
  }

  /** A short description of a pickled value's type, for messages. */
  static String describe(Object value) {
    if (value == null) {
      return "None";
    }
    if (value instanceof TorchTensor t) {
      return "a tensor " + Arrays.toString(t.shape());
    }
    if (value instanceof Map<?, ?> m) {
      return "a dict of " + m.size() + " entries";
    }
    if (value instanceof PickleTuple) {
      return "a tuple";
    }
    if (value instanceof List<?>) {
      return "a list";
    }
    return "a " + value.getClass().getSimpleName();
  }

  @Override
  public String toString() {
    return "StateDict[" + source + ", " + tensors.size() + " tensors]";
  }
}
