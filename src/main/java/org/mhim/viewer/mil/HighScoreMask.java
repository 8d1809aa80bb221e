package org.mhim.viewer.mil;

/**
 * The outcome of {@link HighScoreMasking}: the masked instances (in the order they were chosen,
 * highest score first when all candidates are masked) and the kept ones in ascending bag order —
 * the order in which they enter the recycle network.
 */
public record HighScoreMask(int[] masked, int[] kept) {

  public HighScoreMask {
    masked = masked.clone();
    kept = kept.clone();
  }

  @Override
  public int[] masked() {
    return masked.clone();
  }

  @Override
  public int[] kept() {
    return kept.clone();
  }

  public int maskedCount() {
    return masked.length;
  }

  public int keptCount() {
    return kept.length;
  }
}
