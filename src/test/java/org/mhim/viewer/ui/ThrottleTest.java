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
 * its last at the interval's end, nothing between; the value already shown is no change; a
 * cancelled or directly shown value replaces what was waiting.
 */
@ExtendWith(ApplicationExtension.class)
class ThrottleTest {

  @Test
  void aLoneChangeShowsAtOnceAndABurstEndsWithItsLastChange() {
    List<Integer> shown = new ArrayList<>();
    Throttle<Integer> throttle = fx(() -> new Throttle<>(Duration.millis(150), shown::add));

    fxRun(() -> throttle.submit(1));
    assertEquals(List.of(1), fx(() -> List.copyOf(shown)), "the first change shows at once");

    fxRun(() -> {
      for (int i = 2; i <= 30; i++) {
        throttle.submit(i);
      }
    });
    assertEquals(List.of(1), fx(() -> List.copyOf(shown)), "changes right after it wait");
    waitUntil("the burst's last change", () -> fx(() -> shown.size() == 2), 5);
    assertEquals(List.of(1, 30), fx(() -> List.copyOf(shown)), "only the burst's last change shows");
  }

  @Test
  void theValueShownIsNoChangeAndABurstEndsWithItsNewestValue() throws InterruptedException {
    List<Integer> shown = new ArrayList<>();
    Throttle<Integer> throttle = fx(() -> new Throttle<>(Duration.millis(100), shown::add));
    fxRun(() -> throttle.submit(1));
    Thread.sleep(200);
    fxRun(() -> throttle.submit(1));
    fxRun(() -> {
      throttle.submit(2);
      throttle.submit(3);
      throttle.submit(1); // back where it was before the burst's first change showed
    });
    Thread.sleep(300);
    org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
    assertEquals(List.of(1, 2, 1), fx(() -> List.copyOf(shown)),
        "1 again is no change; 2 shows at once, 3 is replaced by 1 before the interval ends");
  }

  @Test
  void aCancelledOrDirectlyShownValueReplacesWhatWaited() throws InterruptedException {
    List<Integer> shown = new ArrayList<>();
    Throttle<Integer> throttle = fx(() -> new Throttle<>(Duration.millis(100), shown::add));
    fxRun(() -> {
      throttle.submit(1);
      throttle.submit(2);
      throttle.cancel();
    });
    Thread.sleep(300);
    org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
    assertEquals(List.of(1), fx(() -> List.copyOf(shown)));

    fxRun(() -> throttle.submit(2));
    waitUntil("the cancelled value submitted again", () -> fx(() -> shown.size() == 2), 5);
    assertEquals(List.of(1, 2), fx(() -> List.copyOf(shown)), "the throttle works on after a cancel");

    fxRun(() -> {
      throttle.submit(3); // within the interval: waits
      throttle.shownDirectly(7); // the readout was set some other way
      throttle.submit(7); // what it shows already
    });
    Thread.sleep(300);
    org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
    assertEquals(List.of(1, 2), fx(() -> List.copyOf(shown)), "3 was dropped and 7 is no change");
  }
}
