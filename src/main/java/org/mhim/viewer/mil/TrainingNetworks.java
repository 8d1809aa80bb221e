package org.mhim.viewer.mil;

/**
 * Builds the networks a training run needs from a config: the student and the teacher share this
 * shape — the model's blocks plus, when {@code merge_enable}, a {@link GlobalRecycleNetwork}
 * registered as {@code merge} so its parameters carry the reference names {@code merge.…}.
 */
public final class TrainingNetworks {

  private TrainingNetworks() {}

  /** A fresh, uninitialised network for {@code config}; initialise it with {@code [1, input_dim]}. */
  public static MhimNetwork create(MhimConfig config) {
    MhimNetwork.Builder builder =
        MhimNetwork.builder()
            .setAggregator(config.aggregator())
            .setInputDim(config.inputDim())
            .setMlpDim(config.mlpDim())
            .setClasses(config.classes())
            .optActivation(config.activation())
            .optAttentionActivation(config.attentionActivation())
            .optDropout(config.dropout())
            .optAttentionDropout(config.attentionDropout())
            .optHeads(config.heads());
    if (config.mergeEnable()) {
      builder.optExtraBlock("merge", recycleNetwork(config));
    }
    return builder.build();
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
