package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.mhim.viewer.ui.ViewerTestSupport.fx;
import static org.mhim.viewer.ui.ViewerTestSupport.fxRun;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/** The viewer opens where it was closed, at the size it had. */
class WindowPlacementUiTest extends ViewerWindowFixture {

  @Test
  void theNextWindowOpensWhereAndAsLargeAsThisOneClosed() throws Exception {
    fxRun(() -> {
      Stage stage = window.stage();
      stage.setX(70);
      stage.setY(60);
      stage.setWidth(1100);
      stage.setHeight(720);
    });
    // The window system resizes and moves the window when it gets to it, and a late event of its
    // own can briefly undo the new size: wait until the placement has held for a while.
    WindowPlacement requested = new WindowPlacement(70, 60, 1100, 720, false);
    waitUntilSteady(requested);
    // What is saved is the placement the window had as it closed.
    WindowPlacement expected = fx(() -> {
      WindowPlacement atClose = WindowPlacement.of(window.stage());
      window.stage().close();
      return atClose;
    });
    assertEquals(requested, expected, "the window moved before it closed");
    waitUntilSaved(expected);

    window = fx(() -> {
      Stage stage = new Stage();
      ViewerWindow next = new ViewerWindow(stage, SlideOpener.openSlide(), config);
      stage.show();
      return next;
    });
    assertEquals(expected, fx(() -> WindowPlacement.of(window.stage())));
  }

  /** Waits until the window has been at {@code placement} for half a second without a break. */
  private void waitUntilSteady(WindowPlacement placement) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    long heldSince = -1;
    while (System.nanoTime() < deadline) {
      boolean there = fx(() -> WindowPlacement.of(window.stage())).equals(placement);
      long now = System.nanoTime();
      heldSince = there ? (heldSince < 0 ? now : heldSince) : -1;
      if (heldSince >= 0 && now - heldSince >= TimeUnit.MILLISECONDS.toNanos(500)) {
        return;
      }
      WaitForAsyncUtils.sleep(20, TimeUnit.MILLISECONDS);
    }
    fail("the window did not stay at " + placement + "; it is at " + fx(() -> WindowPlacement.of(window.stage())));
  }

  /** The settings are written off the FX thread: waits for the file to hold the placement. */
  private void waitUntilSaved(WindowPlacement expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Path file = config.resolve("settings.properties");
    while (System.nanoTime() < deadline) {
      if (Files.isRegularFile(file) && UserSettings.load(config).window().equals(Optional.of(expected))) {
        return;
      }
      WaitForAsyncUtils.sleep(20, TimeUnit.MILLISECONDS);
    }
    fail("the window's placement was not saved: " + (Files.isRegularFile(file) ? Files.readString(file) : "no file"));
  }
}
