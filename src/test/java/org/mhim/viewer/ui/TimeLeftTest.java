package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The time a batch still has: guessed only once enough of it is done, and said as a person would. */
class TimeLeftTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void guessesFromTheShareDoneOnceATenthOrAWholeSlideIsDone() {
    TimeLeft left = new TimeLeft(1000 * SECOND);
    assertEquals(Optional.empty(), left.after(0.05, 10, 1030 * SECOND), "half a slide of ten: too early");
    assertEquals(Optional.empty(), left.after(0, 1, 1030 * SECOND));
    assertEquals(Optional.of(" — about 5 min left"), left.after(0.1, 10, 1030 * SECOND), "30 s for a tenth");
    assertEquals(Optional.of(" — about 30 s left"), left.after(0.5, 1, 1030 * SECOND), "one slide, half done");
    assertEquals(Optional.of(" — about 15 s left"), left.after(0.04, 200, 1000 * SECOND + SECOND * 6 / 10),
        "a whole slide of 200 done sooner than a tenth");
    assertEquals(Optional.empty(), left.after(1, 10, 1030 * SECOND), "done");
  }

  @Test
  void saysItRounded() {
    assertEquals("5 s", TimeLeft.spoken(1.2));
    assertEquals("40 s", TimeLeft.spoken(41));
    assertEquals("1 min", TimeLeft.spoken(56));
    assertEquals("12 min", TimeLeft.spoken(12 * 60 + 20));
    assertEquals("1 h", TimeLeft.spoken(3600 + 120));
    assertEquals("2 h 30 min", TimeLeft.spoken(2.5 * 3600 + 100));
  }
}
