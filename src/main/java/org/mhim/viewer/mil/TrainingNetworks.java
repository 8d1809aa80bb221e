package org.mhim.viewer.mil;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;

/**
 * Builds the networks a training run needs from a config: the student and the teacher share this
 * shape — the model's blocks plus, when {@code merge_enable}, a {@link GlobalRecycleNetwork}
 * registered as {@code merge} so its parameters carry the reference names {@code merge.…}.
 */
public final class TrainingNetworks {

  private TrainingNetworks() {}

  /** A fresh, uninitialised network for {@code config}; initialise it with {@code [1, input_dim]}. */
  public static MhimNetwork create(MhimConfig config) {
    MhimNetwork.Builder builder = MhimNetwork.builder(config);
    if (config.mergeEnable()) {
      builder.optExtraBlock("merge", recycleNetwork(config));
    }
    return builder.build();
  }

  /**
   * Starts the teacher as the reference does: a copy of the student, then overwritten by the weights
   * of a baseline model trained first ("teacher init"). A baseline has no recycle network, so the
   * teacher keeps the student's {@code merge.…} weights; every other parameter must be in
   * {@code baseline} with its shape.
   *
   * @param student an initialised student
   * @param teacher an initialised network of the same config
   * @param baseline the baseline's weights under reference names (may include {@code merge.…} too)
   * @return the entries of {@code baseline} the teacher does not hold
   * @throws IncompatibleWeightsException naming the keys that are missing, extra or misshapen
   */
  public static SequencedMap<String, WeightTensor> initialiseTeacher(
      MhimNetwork student, MhimNetwork teacher, Map<String, WeightTensor> baseline, String source)
      throws IncompatibleWeightsException {
    Map<String, WeightTensor> weights = new LinkedHashMap<>();
    StateDicts.export(student).forEach(
        (name, w) -> {
          if (name.startsWith(StateDicts.RECYCLE_PREFIX)) {
            weights.put(name, w);
          }
        });
    weights.putAll(baseline);
    return StateDicts.load(teacher, weights, source);
  }

  /**
   * The recycle network of {@code config}. Its dropout is the reference's fixed 0.1 unless the
   * config turns attention dropout off (as the parity fixtures do with {@code dropout} 0).
   */
  public static GlobalRecycleNetwork recycleNetwork(MhimConfig config) {
    return GlobalRecycleNetwork.builder()
        .setDim(config.mlpDim())
        .optQueries(config.mergeK())
        .optKeepRatio(config.mergeRatio())
        .optMomentum(config.mergeMomentum())
        .optDropout(config.attentionDropout())
        .build();
  }
}
