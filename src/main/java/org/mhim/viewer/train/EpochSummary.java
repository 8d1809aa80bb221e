package org.mhim.viewer.train;

/**
 * What a chart of a run shows of one epoch: a line of {@code history.csv}, or an epoch just
 * finished.
 *
 * @param stage {@code baseline} or {@code mhim}
 * @param epoch 1-based within its stage
 * @param trainLoss the mean training loss
 * @param validationAuc NaN when the validation slides allow none (one class only)
 */
public record EpochSummary(String stage, int epoch, double trainLoss, double validationAuc) {

  public static EpochSummary of(EpochRecord record) {
    return new EpochSummary(record.stage(), record.epoch(), record.trainLoss(), record.validation().auc());
  }
}
