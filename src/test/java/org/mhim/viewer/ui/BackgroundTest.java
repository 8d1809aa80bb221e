package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.concurrent.atomic.AtomicInteger;
import javafx.concurrent.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** Work handed to a closed Background (its window has gone) is dropped without an error. */
@ExtendWith(ApplicationExtension.class)
class BackgroundTest {

  @Test
  void workAfterCloseIsDroppedQuietly() throws Exception {
    Background background = new Background("closed-test");
    AtomicInteger callbacks = new AtomicInteger();
    AtomicInteger ran = new AtomicInteger();
    background.close();
    Task<Integer> task = ViewerTestSupport.fx(() -> background.run(ran::incrementAndGet,
        value -> callbacks.incrementAndGet(), error -> callbacks.incrementAndGet()));
    WaitForAsyncUtils.waitForFxEvents();
    assertFalse(task.isRunning());
    assertEquals(0, ran.get(), "not run");
    assertEquals(0, callbacks.get(), "no callback");
  }
}
