package org.mhim.viewer.analysis;

/**
 * Why the hard instances are the ones they are: the teacher's instance scores in equal-width bins
 * from the lowest score to the highest, the hard instances (the highest scores) counted apart from
 * the others, and the score where the hard ones begin.
 *
 * @param kept per bin, the instances that stay
 * @param hard per bin, the hard instances
 * @param cut the lowest score of a hard instance; NaN when none is hard
 */
public record ScoreBins(float min, float max, int[] kept, int[] hard, float cut) {

  public ScoreBins {
    if (kept.length != hard.length || kept.length == 0) {
      throw new IllegalArgumentException("kept and hard need the same, positive, number of bins");
    }
    kept = kept.clone();
    hard = hard.clone();
  }

  /** The scores of {@code instances} in {@code bins} bins. */
  public static ScoreBins of(Instances instances, int bins) {
    int n = instances.size();
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    float cut = Float.NaN;
    for (int i = 0; i < n; i++) {
      float s = instances.score(i);
      min = Math.min(min, s);
      max = Math.max(max, s);
      if (instances.isHard(i) && !(s >= cut)) { // NaN at first: the first hard score is taken
        cut = s;
      }
    }
    int[] kept = new int[bins];
    int[] hard = new int[bins];
    for (int i = 0; i < n; i++) {
      int bin = bin(instances.score(i), min, max, bins);
      if (instances.isHard(i)) {
        hard[bin]++;
      } else {
        kept[bin]++;
      }
    }
    return new ScoreBins(n == 0 ? 0 : min, n == 0 ? 0 : max, kept, hard, cut);
  }

  /** The bin of {@code score}; all in the first when every score is the same. */
  private static int bin(float score, float min, float max, int bins) {
    if (!(max > min)) {
      return 0;
    }
    return Math.min(bins - 1, (int) ((score - min) / (max - min) * bins));
  }

  public int bins() {
    return kept.length;
  }

  @Override
  public int[] kept() {
    return kept.clone();
  }

  @Override
  public int[] hard() {
    return hard.clone();
  }

  /** The instances in the fullest bin (the histogram's height). */
  public int tallest() {
    int tallest = 0;
    for (int b = 0; b < kept.length; b++) {
      tallest = Math.max(tallest, kept[b] + hard[b]);
    }
    return tallest;
  }
}
