package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mhim.viewer.ui.ViewerTestSupport.fx;
import static org.mhim.viewer.ui.ViewerTestSupport.fxRun;
import static org.mhim.viewer.ui.ViewerTestSupport.waitUntil;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * A slider dragged across its range: fifty inputs in a burst cost a few computations, the results
 * shown only ever move forward, and the last one shown is for the last input; after stop, nothing
 * more arrives.
 */
@ExtendWith(ApplicationExtension.class)
class LatestOnlyTest {

  @Test
  void aBurstOfInputsEndsAtTheLastWithFewComputations() {
    List<Integer> computed = Collections.synchronizedList(new ArrayList<>());
    List<Integer> shown = new ArrayList<>();
    try (Background background = new Background("latest-only-test")) {
      LatestOnly<Integer, Integer> latest = new LatestOnly<>(background, input -> {
        computed.add(input);
        sleep(30);
        return input * 10;
      }, shown::add, error -> {
        throw new AssertionError(error);
      });
      fxRun(() -> {
        for (int i = 1; i <= 50; i++) {
          latest.submit(i);
        }
      });
      waitUntil("the last result", () -> !latest.busy(), 20);
      assertEquals(500, fx(() -> shown.getLast()));
      assertTrue(computed.size() <= 3, "computed " + computed);
      assertEquals(List.of(1, 50), List.copyOf(computed), "the first input, then only the latest");
      List<Integer> seen = fx(() -> List.copyOf(shown));
      assertEquals(List.of(500), seen, "the stale result for input 1 is dropped: a newer one was on its way");

      fxRun(() -> {
        latest.submit(60);
        latest.stop();
      });
      sleep(200);
      org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
      assertEquals(List.of(500), fx(() -> List.copyOf(shown)), "nothing arrives after stop");
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
