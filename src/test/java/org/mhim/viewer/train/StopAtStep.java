package org.mhim.viewer.train;

import org.mhim.viewer.features.Cancellation;

/** A listener that cancels a run once step {@code step} of epoch {@code epoch} (any stage) is done. */
record StopAtStep(Cancellation cancel, int epoch, int step) implements TrainingListener {

  @Override
  public void stepFinished(TrainingStage stage, int epochNow, int stepNow, int steps) {
    if (epochNow == epoch && stepNow == step) {
      cancel.cancel();
    }
  }
}
