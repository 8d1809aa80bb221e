package org.mhim.viewer.train;

import java.util.Locale;

/**
 * What one epoch of one stage did: the mean training losses and the validation metrics.
 *
 * @param stage "baseline" or "mhim"
 * @param epoch 1-based epoch within the stage
 * @param learningRate the learning rate at the epoch's start
 * @param trainLoss mean total loss over the epoch's steps
 * @param trainCeLoss mean cross-entropy
 * @param trainAuxLoss mean consistency loss (0 for the baseline)
 * @param validation metrics on the validation slides
 * @param seconds wall time of the epoch, validation included
 */
public record EpochRecord(
    String stage,
    int epoch,
    double learningRate,
    double trainLoss,
    double trainCeLoss,
    double trainAuxLoss,
    ClassificationMetrics validation,
    double seconds) {

  static final String CSV_HEADER =
      "stage,epoch,lr,train_loss,train_ce_loss,train_aux_loss,val_auc,val_accuracy,"
          + "val_balanced_accuracy,val_f1,seconds";

  String csvRow() {
    return String.join(
        ",",
        stage,
        Integer.toString(epoch),
        number(learningRate),
        number(trainLoss),
        number(trainCeLoss),
        number(trainAuxLoss),
        number(validation.auc()),
        number(validation.accuracy()),
        number(validation.balancedAccuracy()),
        number(validation.f1()),
        String.format(Locale.ROOT, "%.3f", seconds));
  }

  /** One line for a terminal. */
  public String summary() {
    return String.format(
        Locale.ROOT,
        "%-8s epoch %3d  loss %.4f (ce %.4f, aux %.4f)  val auc %.4f acc %.4f  %.1fs",
        stage, epoch, trainLoss, trainCeLoss, trainAuxLoss, validation.auc(),
        validation.accuracy(), seconds);
  }

  private static String number(double value) {
    return Double.isNaN(value) ? "" : Double.toString(value);
  }
}
