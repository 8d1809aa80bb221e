package org.mhim.viewer.ui;

import java.util.Optional;

/**
 * How long a long run of many like parts (slides) still has, guessed from how long its first parts
 * took: said only once a tenth of it is done, or a whole part (earlier guesses swing too much).
 */
final class TimeLeft {

  private final long start;

  /** @param start when the run began, in {@link System#nanoTime()} */
  TimeLeft(long start) {
    this.start = start;
  }

  /**
   * " — about 3 min left" (to add to a status line), or nothing yet.
   *
   * @param done the share of the run done, 0..1
   * @param parts how many parts the run has
   */
  Optional<String> after(double done, int parts, long now) {
    if (!(done > 0) || done >= 1 || (done < 0.1 && done * parts < 1)) {
      return Optional.empty();
    }
    double elapsedSeconds = (now - start) / 1e9;
    return Optional.of(" — about " + spoken(elapsedSeconds * (1 - done) / done) + " left");
  }

  /** 40 s, 3 min, 1 h 20 min: rounded as a person would say it. */
  static String spoken(double seconds) {
    if (seconds < 55) {
      return Math.max(5, Math.round(seconds / 5) * 5) + " s";
    }
    long minutes = Math.round(seconds / 60);
    if (minutes < 60) {
      return minutes + " min";
    }
    long rounded = Math.round(seconds / 600) * 10; // to ten minutes
    return rounded / 60 + " h" + (rounded % 60 == 0 ? "" : " " + rounded % 60 + " min");
  }
}
