package org.mhim.viewer.train;

/**
 * How a finished stage did at its best epoch.
 *
 * @param stage the stage
 * @param bestEpoch the epoch with the best validation AUC (its weights are the stage's result)
 * @param epochsRun epochs trained before the stage stopped
 * @param validation the best epoch's validation metrics
 * @param test the best weights' metrics on the test split, or null when there is none
 */
public record StageResult(
    TrainingStage stage, int bestEpoch, int epochsRun, ClassificationMetrics validation, ClassificationMetrics test) {}
