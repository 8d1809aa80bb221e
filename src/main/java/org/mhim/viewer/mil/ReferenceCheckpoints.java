package org.mhim.viewer.mil;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;
import org.mhim.viewer.features.torch.StateDict;
import org.mhim.viewer.features.torch.TorchTensor;
import org.mhim.viewer.features.torch.TorchZip;

/**
 * Loads the reference's checkpoints ({@code fold_N_model_best.pt}: a dict with {@code model},
 * {@code teacher}, …; or a bare state_dict) into an {@link MhimModel}. The file is untrusted: it
 * is read by the restricted reader of {@code features.torch}, and the weights must fit the config
 * exactly.
 */
public final class ReferenceCheckpoints {

  private ReferenceCheckpoints() {}

  /**
   * Loads {@code checkpoint} shaped by {@code config}. With {@link WeightsChoice#STUDENT} the
   * teacher is loaded too when the file has one; with {@link WeightsChoice#TEACHER} the teacher
   * predicts and scores.
   */
  public static MhimModel load(Path checkpoint, MhimConfig config, WeightsChoice choice)
      throws IOException {
    Object root = TorchZip.read(checkpoint);
    boolean hasTeacher = root instanceof Map<?, ?> map && map.get("teacher") instanceof Map<?, ?>;
    String source = checkpoint.toString();
    if (choice == WeightsChoice.TEACHER) {
      if (!hasTeacher) {
        throw new IOException(checkpoint + ": has no 'teacher' weights");
      }
      return MhimModel.create(config, weights(StateDict.of(root, checkpoint, "teacher")), null, source + " teacher");
    }
    StateDict student = StateDict.of(root, checkpoint, null);
    SequencedMap<String, WeightTensor> teacher =
        hasTeacher ? weights(StateDict.of(root, checkpoint, "teacher")) : null;
    return MhimModel.create(config, weights(student), teacher, source);
  }

  /** A state dict's tensors as float32 weights. */
  public static SequencedMap<String, WeightTensor> weights(StateDict dict) {
    LinkedHashMap<String, WeightTensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, TorchTensor> e : dict.tensors().entrySet()) {
      out.put(e.getKey(), new WeightTensor(e.getValue().shape(), e.getValue().toFloatArray()));
    }
    return out;
  }

  /** Our weights as float32 torch tensors, for writing. */
  static SequencedMap<String, TorchTensor> tensors(Map<String, WeightTensor> weights) {
    LinkedHashMap<String, TorchTensor> out = new LinkedHashMap<>();
    weights.forEach((k, w) -> out.put(k, TorchTensor.ofFloats(w.values(), w.shape())));
    return out;
  }
}
