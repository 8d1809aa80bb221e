package org.mhim.viewer.mil;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.TreeSet;
import org.mhim.viewer.features.NoGradient;

/**
 * Moves weights between reference-named state dicts and a {@link MhimNetwork}. Loading is strict:
 * every parameter of the network must be present with exactly its shape, and every key of the
 * state dict must belong to the network, except the recycle network's ({@code merge.…}), which
 * inference does not use and which is handed back untouched when the network has no such block.
 */
public final class StateDicts {

  /** The key prefix of the reference's global recycle network. */
  public static final String RECYCLE_PREFIX = "merge.";

  private StateDicts() {}

  /**
   * Copies {@code stateDict} into {@code network} (which must be initialised).
   *
   * @param source names the weights in messages (a file, "student of x.pt", …)
   * @return the entries the network does not hold (only {@code merge.…} keys), in input order
   * @throws IncompatibleWeightsException naming missing keys, unexpected keys, or a key whose shape
   *     differs (with both shapes)
   */
  public static SequencedMap<String, WeightTensor> load(
      MhimNetwork network, Map<String, WeightTensor> stateDict, String source)
      throws IncompatibleWeightsException {
    SequencedMap<String, Parameter> params = network.referenceParameters();
    List<String> problems = new ArrayList<>();
    TreeSet<String> missing = new TreeSet<>();
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      WeightTensor w = stateDict.get(e.getKey());
      if (w == null) {
        missing.add(e.getKey());
        continue;
      }
      long[] expected = e.getValue().getArray().getShape().getShape();
      if (!Arrays.equals(expected, w.shape())) {
        problems.add(
            "shape mismatch for '" + e.getKey() + "': checkpoint has " + w.shapeText()
                + ", the model needs " + Arrays.toString(expected));
      }
    }
    if (!missing.isEmpty()) {
      problems.add("missing keys: " + String.join(", ", missing));
    }
    LinkedHashMap<String, WeightTensor> rest = new LinkedHashMap<>();
    TreeSet<String> unexpected = new TreeSet<>();
    for (Map.Entry<String, WeightTensor> e : stateDict.entrySet()) {
      if (params.containsKey(e.getKey())) {
        continue;
      }
      if (e.getKey().startsWith(RECYCLE_PREFIX)) {
        rest.put(e.getKey(), e.getValue());
      } else {
        unexpected.add(e.getKey());
      }
    }
    if (!unexpected.isEmpty()) {
      problems.add("unexpected keys (another aggregator or size?): " + String.join(", ", unexpected));
    }
    if (!problems.isEmpty()) {
      throw new IncompatibleWeightsException(
          source + " does not fit a " + network.kind().id() + " model (input_dim "
              + network.inputDim() + ", mlp_dim " + network.mlpDim() + ", " + network.classes()
              + " classes): " + String.join("; ", problems));
    }
    try (NoGradient _ = NoGradient.enter()) { // writes parameters in place
      for (Map.Entry<String, Parameter> e : params.entrySet()) {
        NDArray array = e.getValue().getArray();
        HostArrays.copyInto(array, stateDict.get(e.getKey()).values());
      }
    }
    return rest;
  }

  /** The network's weights under their reference names (copies on the heap). */
  public static SequencedMap<String, WeightTensor> export(MhimNetwork network) {
    LinkedHashMap<String, WeightTensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> e : network.referenceParameters().entrySet()) {
      NDArray array = e.getValue().getArray();
      out.put(e.getKey(), new WeightTensor(array.getShape().getShape(), array.toFloatArray()));
    }
    return out;
  }
}
