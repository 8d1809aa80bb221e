package org.mhim.viewer.analysis;

import java.util.BitSet;

/**
 * The per-instance part of a result: for each of N patches its level-0 rectangle, the probability
 * of each of C classes, its score, its attention and its hard-instance rank. Immutable: arrays
 * are copied in and out; the indexed getters read without copying (for tooltips and painting).
 */
public final class Instances {

  private final int classCount;
  private final int[] x;
  private final int[] y;
  private final int[] width;
  private final int[] height;
  /** Row-major [N][C]. */
  private final float[] probabilities;
  private final float[] score;
  private final float[] attention;
  private final int[] hardRank;

  /**
   * @param x level-0 left edge per instance
   * @param y level-0 top edge per instance
   * @param width level-0 width per instance (&gt; 0)
   * @param height level-0 height per instance (&gt; 0)
   * @param probabilities per instance, the probability of each class ({@code classCount} each)
   * @param score the teacher's class-aware instance score per instance
   * @param attention the aggregator's attention per instance
   * @param hardRank 1 for the hardest instance, 2, …; {@link HardInstances#NOT_HARD} for the rest
   * @throws IllegalArgumentException when lengths disagree or a value is out of range
   */
  public Instances(
      int classCount,
      int[] x,
      int[] y,
      int[] width,
      int[] height,
      float[][] probabilities,
      float[] score,
      float[] attention,
      int[] hardRank) {
    int n = x.length;
    if (classCount < 1) {
      throw new IllegalArgumentException("at least one class is needed, got " + classCount);
    }
    requireLength("y", y.length, n);
    requireLength("width", width.length, n);
    requireLength("height", height.length, n);
    requireLength("probabilities", probabilities.length, n);
    requireLength("score", score.length, n);
    requireLength("attention", attention.length, n);
    requireLength("hardRank", hardRank.length, n);
    float[] flat = new float[Math.multiplyExact(n, classCount)];
    for (int i = 0; i < n; i++) {
      if (probabilities[i].length != classCount) {
        throw new IllegalArgumentException(
            "instance " + i + " has " + probabilities[i].length + " class probabilities, not "
                + classCount);
      }
      if (width[i] <= 0 || height[i] <= 0) {
        throw new IllegalArgumentException(
            "instance " + i + " has an empty patch " + width[i] + "×" + height[i]);
      }
      System.arraycopy(probabilities[i], 0, flat, i * classCount, classCount);
    }
    checkRanks(hardRank);
    this.classCount = classCount;
    this.x = x.clone();
    this.y = y.clone();
    this.width = width.clone();
    this.height = height.clone();
    this.probabilities = flat;
    this.score = score.clone();
    this.attention = attention.clone();
    this.hardRank = hardRank.clone();
  }

  /** The same instances with hard ranks recomputed from the scores at {@code ratio}. */
  public Instances withHardRatio(double ratio) {
    return withHardRanks(HardInstances.ranks(score, ratio));
  }

  /** The same instances with other hard ranks. */
  public Instances withHardRanks(int[] ranks) {
    return new Instances(
        classCount, x, y, width, height, probabilityRows(), score, attention, ranks);
  }

  public int size() {
    return x.length;
  }

  public int classCount() {
    return classCount;
  }

  public int x(int i) {
    return x[i];
  }

  public int y(int i) {
    return y[i];
  }

  public int width(int i) {
    return width[i];
  }

  public int height(int i) {
    return height[i];
  }

  public float probability(int i, int classIndex) {
    if (classIndex < 0 || classIndex >= classCount) {
      throw new IndexOutOfBoundsException("class " + classIndex + " of " + classCount);
    }
    return probabilities[i * classCount + classIndex];
  }

  public float score(int i) {
    return score[i];
  }

  public float attention(int i) {
    return attention[i];
  }

  /** Hard rank of instance i: 1, 2, … or {@link HardInstances#NOT_HARD}. */
  public int hardRank(int i) {
    return hardRank[i];
  }

  public boolean isHard(int i) {
    return hardRank[i] != HardInstances.NOT_HARD;
  }

  /** Number of hard instances. */
  public int hardCount() {
    int count = 0;
    for (int rank : hardRank) {
      count += rank != HardInstances.NOT_HARD ? 1 : 0;
    }
    return count;
  }

  /** Index of the most probable class of instance i (the first on a tie). */
  public int mostProbableClass(int i) {
    int best = 0;
    for (int c = 1; c < classCount; c++) {
      if (probabilities[i * classCount + c] > probabilities[i * classCount + best]) {
        best = c;
      }
    }
    return best;
  }

  /** The probability of one class for every instance (a copy): what an overlay colours. */
  public float[] probabilities(int classIndex) {
    float[] column = new float[size()];
    for (int i = 0; i < column.length; i++) {
      column[i] = probability(i, classIndex);
    }
    return column;
  }

  /** Every instance's class probabilities as [N][C] (a copy). */
  public float[][] probabilityRows() {
    float[][] rows = new float[size()][classCount];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(probabilities, i * classCount, rows[i], 0, classCount);
    }
    return rows;
  }

  public int[] xs() {
    return x.clone();
  }

  public int[] ys() {
    return y.clone();
  }

  public int[] widths() {
    return width.clone();
  }

  public int[] heights() {
    return height.clone();
  }

  public float[] scores() {
    return score.clone();
  }

  public float[] attentions() {
    return attention.clone();
  }

  public int[] hardRanks() {
    return hardRank.clone();
  }

  /** Index of the instance whose patch contains level-0 point (px, py), or -1; the last drawn wins. */
  public int instanceAt(double px, double py) {
    for (int i = size() - 1; i >= 0; i--) {
      if (px >= x[i] && py >= y[i] && px < (double) x[i] + width[i] && py < (double) y[i] + height[i]) {
        return i;
      }
    }
    return -1;
  }

  private static void requireLength(String name, int length, int n) {
    if (length != n) {
      throw new IllegalArgumentException(name + " has " + length + " values for " + n + " instances");
    }
  }

  private static void checkRanks(int[] ranks) {
    BitSet seen = new BitSet(ranks.length + 1);
    for (int i = 0; i < ranks.length; i++) {
      int rank = ranks[i];
      if (rank == HardInstances.NOT_HARD) {
        continue;
      }
      if (rank < 1 || rank > ranks.length) {
        throw new IllegalArgumentException(
            "instance " + i + " has hard rank " + rank + ", outside 1…" + ranks.length + " and not -1");
      }
      if (seen.get(rank)) {
        throw new IllegalArgumentException("hard rank " + rank + " is given to two instances");
      }
      seen.set(rank);
    }
  }
}
