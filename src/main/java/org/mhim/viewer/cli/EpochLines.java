package org.mhim.viewer.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.mhim.viewer.train.ClassificationMetrics;
import org.mhim.viewer.train.EpochRecord;
import org.mhim.viewer.train.TrainingListener;
import org.mhim.viewer.train.TrainingStage;

/** Training progress on a terminal: one line per epoch and per stage change. */
record EpochLines(PrintWriter out) implements TrainingListener {

  @Override
  public void startingModelScored(ClassificationMetrics validation) {
    out.printf(Locale.ROOT, "the model before fine-tuning: val auc %.4f acc %.4f%n", validation.auc(),
        validation.accuracy());
    out.flush();
  }

  @Override
  public void stageStarted(TrainingStage stage, int firstEpoch, int maxEpochs) {
    out.printf(Locale.ROOT, "stage %s: epochs %d..%d%n", stage.id(), firstEpoch, maxEpochs);
    out.flush();
  }

  @Override
  public void epochFinished(EpochRecord record) {
    out.println(record.summary());
    out.flush();
  }
}
