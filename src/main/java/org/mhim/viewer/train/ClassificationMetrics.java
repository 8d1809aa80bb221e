package org.mhim.viewer.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Slide-level metrics of a classifier.
 *
 * @param auc ROC AUC; for more than two classes the macro mean of one-vs-rest AUCs over the classes
 *     that have both positives and negatives (NaN when none has)
 * @param accuracy share of slides whose arg-max class is right
 * @param balancedAccuracy mean per-class recall
 * @param f1 macro F1 over the classes
 * @param n number of slides
 * @param confusion confusion[true][predicted]
 * @param perClass one-vs-rest figures for each class
 */
public record ClassificationMetrics(
    double auc,
    double accuracy,
    double balancedAccuracy,
    double f1,
    int n,
    int[][] confusion,
    List<PerClass> perClass) {

  /** One class against the rest. */
  public record PerClass(
      String name, int support, double precision, double recall, double f1, double auc) {}

  /** A model's class probabilities (float, as the networks give them) as {@link #of} takes them. */
  public static double[] widened(float[] probabilities) {
    double[] out = new double[probabilities.length];
    for (int c = 0; c < probabilities.length; c++) {
      out[c] = probabilities[c];
    }
    return out;
  }

  /**
   * Computes the metrics.
   *
   * @param labels true class index of each slide
   * @param probabilities per slide, the probability of every class
   */
  public static ClassificationMetrics of(
      int[] labels, double[][] probabilities, List<String> classNames) {
    int classes = classNames.size();
    if (labels.length != probabilities.length) {
      throw new IllegalArgumentException(
          labels.length + " labels but " + probabilities.length + " predictions");
    }
    int n = labels.length;
    int[][] confusion = new int[classes][classes];
    int correct = 0;
    for (int i = 0; i < n; i++) {
      int predicted = argMax(probabilities[i]);
      confusion[labels[i]][predicted]++;
      if (predicted == labels[i]) {
        correct++;
      }
    }
    List<PerClass> perClass = new ArrayList<>();
    double recallSum = 0;
    int recallCount = 0;
    double f1Sum = 0;
    for (int c = 0; c < classes; c++) {
      int tp = confusion[c][c];
      int support = Arrays.stream(confusion[c]).sum();
      int predictedC = 0;
      for (int[] row : confusion) {
        predictedC += row[c];
      }
      double precision = predictedC == 0 ? 0 : (double) tp / predictedC;
      double recall = support == 0 ? 0 : (double) tp / support;
      double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
      if (support > 0) {
        recallSum += recall;
        recallCount++;
      }
      f1Sum += f1;
      perClass.add(
          new PerClass(
              classNames.get(c), support, precision, recall, f1,
              oneVsRestAuc(labels, probabilities, c)));
    }
    double auc =
        classes == 2
            ? perClass.get(1).auc()
            : perClass.stream().mapToDouble(PerClass::auc).filter(a -> !Double.isNaN(a))
                .average().orElse(Double.NaN);
    return new ClassificationMetrics(
        auc,
        n == 0 ? Double.NaN : (double) correct / n,
        recallCount == 0 ? Double.NaN : recallSum / recallCount,
        f1Sum / classes,
        n,
        confusion,
        perClass);
  }

  /** AUC of class {@code c} against the rest; NaN when either side is empty. */
  static double oneVsRestAuc(int[] labels, double[][] probabilities, int c) {
    double[] scores = new double[labels.length];
    boolean[] positive = new boolean[labels.length];
    for (int i = 0; i < labels.length; i++) {
      scores[i] = probabilities[i][c];
      positive[i] = labels[i] == c;
    }
    return RocAuc.of(scores, positive);
  }

  private static int argMax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
