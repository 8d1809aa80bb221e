package org.mhim.viewer.train;

/**
 * Hears what a training run does, on the training thread: keep the work done here short (the UI
 * hands it to its own thread). Every method has an empty default.
 */
public interface TrainingListener {

  /**
   * A fine-tuning run scored the model it starts from on the validation slides, before training:
   * what its epochs are to beat.
   */
  default void startingModelScored(ClassificationMetrics validation) {}

  /** A stage begins (or resumes at {@code firstEpoch}). */
  default void stageStarted(TrainingStage stage, int firstEpoch, int maxEpochs) {}

  /** One bag of an epoch was trained on ({@code step} of {@code steps}, 1-based). */
  default void stepFinished(TrainingStage stage, int epoch, int step, int steps) {}

  /** An epoch ended, was validated and checkpointed. */
  default void epochFinished(EpochRecord record) {}

  /** A stage ended (early stop or last epoch) with its best epoch's results. */
  default void stageFinished(StageResult result) {}

  /** Listens to nothing. */
  TrainingListener NONE = new TrainingListener() {};
}
