package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mhim.viewer.ui.ViewerTestSupport.fx;
import static org.mhim.viewer.ui.ViewerTestSupport.fxRun;
import static org.mhim.viewer.ui.ViewerTestSupport.waitUntil;

import java.util.ArrayList;
import java.util.List;
import javafx.util.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * A readout's throttle: a lone change shows at once; a burst shows its first change at once and
 * its last at the interval's end, nothing between; a cancelled update never shows.
 */
@ExtendWith(ApplicationExtension.class)
class ThrottleTest {

  @Test
  void aLoneChangeShowsAtOnceAndABurstEndsWithItsLastChange() {
    List<Integer> shown = new ArrayList<>();
    Throttle throttle = fx(() -> new Throttle(Duration.millis(150)));

    fxRun(() -> throttle.submit(() -> shown.add(1)));
    assertEquals(List.of(1), fx(() -> List.copyOf(shown)), "the first change shows at once");

    fxRun(() -> {
      for (int i = 2; i <= 30; i++) {
        int value = i;
        throttle.submit(() -> shown.add(value));
      }
    });
    assertEquals(List.of(1), fx(() -> List.copyOf(shown)), "changes right after it wait");
    waitUntil("the burst's last change", () -> fx(() -> shown.size() == 2), 5);
    assertEquals(List.of(1, 30), fx(() -> List.copyOf(shown)), "only the burst's last change shows");
  }

  @Test
  void aCancelledUpdateNeverShows() throws InterruptedException {
    List<Integer> shown = new ArrayList<>();
    Throttle throttle = fx(() -> new Throttle(Duration.millis(100)));
    fxRun(() -> {
      throttle.submit(() -> shown.add(1));
      throttle.submit(() -> shown.add(2));
      throttle.cancel();
    });
    Thread.sleep(300);
    org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
    assertEquals(List.of(1), fx(() -> List.copyOf(shown)));

    fxRun(() -> throttle.submit(() -> shown.add(3)));
    waitUntil("an update after the cancel", () -> fx(() -> shown.size() == 2), 5);
    assertEquals(List.of(1, 3), fx(() -> List.copyOf(shown)), "the throttle works on after a cancel");
  }
}
