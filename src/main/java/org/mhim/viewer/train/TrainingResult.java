package org.mhim.viewer.train;

import java.nio.file.Path;
import java.util.List;

/**
 * The end of a training run.
 *
 * @param completed false when the run was cancelled (its checkpoint lets it resume)
 * @param bundle the saved model folder (null when cancelled)
 * @param stages the finished stages' results, in order
 * @param history every epoch so far
 */
public record TrainingResult(boolean completed, Path bundle, List<StageResult> stages, List<EpochRecord> history) {
  public TrainingResult {
    stages = List.copyOf(stages);
    history = List.copyOf(history);
  }
}
