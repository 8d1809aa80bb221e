package org.mhim.viewer.train;

/**
 * Tracks the best validation AUC of a stage and says when it stopped improving for {@code
 * patience} epochs. Immutable: each epoch gives a new state, so a resumed run restores it exactly.
 *
 * @param bestAuc best validation AUC so far (NaN before the first epoch)
 * @param bestEpoch the epoch that reached it (the last one with {@code laterOnTies}) (0 before the first)
 * @param epochsWithoutImprovement epochs since the best one
 */
public record EarlyStopping(
    int patience, double bestAuc, int bestEpoch, int epochsWithoutImprovement, boolean laterOnTies) {

  /** Keeps the first epoch of the best AUC. */
  public static EarlyStopping start(int patience) {
    return start(patience, false);
  }

  /**
   * @param laterOnTies an equal AUC moves the best epoch to the later one (patience still counts
   *     only real improvements): on small validation sets the AUC saturates early, often at 1.0 in
   *     the first epoch, and the model trained longer is the one to keep
   */
  public static EarlyStopping start(int patience, boolean laterOnTies) {
    if (patience < 1) {
      throw new IllegalArgumentException("patience must be at least 1, not " + patience);
    }
    return new EarlyStopping(patience, Double.NaN, 0, 0, laterOnTies);
  }

  /** The state after an epoch with validation AUC {@code auc}. A NaN AUC never improves. */
  public EarlyStopping after(int epoch, double auc) {
    boolean improved = !Double.isNaN(auc) && (Double.isNaN(bestAuc) || auc > bestAuc);
    if (bestEpoch == 0 && !improved) {
      // The first epoch is the best so far even when its AUC is undefined (one class in val).
      return new EarlyStopping(patience, auc, epoch, 0, laterOnTies);
    }
    if (improved) {
      return new EarlyStopping(patience, auc, epoch, 0, laterOnTies);
    }
    int best = laterOnTies && auc == bestAuc ? epoch : bestEpoch;
    return new EarlyStopping(patience, bestAuc, best, epochsWithoutImprovement + 1, laterOnTies);
  }

  /** Whether the epoch just recorded is the new best (its checkpoint should be kept). */
  public boolean lastWasBest(int epoch) {
    return bestEpoch == epoch;
  }

  public boolean shouldStop() {
    return epochsWithoutImprovement >= patience;
  }
}
