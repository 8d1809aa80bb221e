package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mhim.viewer.ui.ViewerTestSupport.fx;
import static org.mhim.viewer.ui.ViewerTestSupport.fxRun;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A slow open shows an "opening…" tab (with spinners once it lasts), which the slide's tab then
 * replaces; closing that tab before the slide is read drops the slide. The slide here is real; only
 * its open waits for the test.
 */
@ExtendWith(ApplicationExtension.class)
class OpeningTabTest {

  @TempDir static Path config;
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger closedSlides = new AtomicInteger();
  private ViewerWindow window;

  @Start
  void start(Stage primary) {
    SlideOpener real = SlideOpener.openSlide();
    window = ViewerTestSupport.showWindow(path -> {
      try {
        assertTrue(release.await(30, TimeUnit.SECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      OpenSlide opened = real.open(path);
      return new OpenSlide(opened.source(), opened.id(), opened.associatedImage(), () -> {
        closedSlides.incrementAndGet();
        opened.resource().close();
      });
    }, config);
  }

  @AfterEach
  void close() {
    release.countDown();
    fxRun(() -> window.stage().close());
  }

  private static List<Tab> tabs(FxRobot robot) {
    TabPane pane = robot.lookup(".slide-tabs").queryAs(TabPane.class);
    return fx(() -> List.copyOf(pane.getTabs()));
  }

  @Test
  void aSlowOpenShowsAnOpeningTabWithSpinnersThatTheSlideReplaces(FxRobot robot) {
    Path slide = ViewerTestSupport.smallSlide();
    fxRun(() -> window.open(slide));
    ViewerTestSupport.waitUntil("the opening tab", () -> tabs(robot).size() == 1, 10);
    Tab opening = tabs(robot).getFirst();
    assertFalse(opening instanceof SlideTab);
    assertEquals(slide.getFileName().toString(), fx(opening::getText));
    ViewerTestSupport.waitUntil("its spinner", () -> fx(() -> opening.getGraphic() instanceof ProgressIndicator), 10);

    release.countDown();
    ViewerTestSupport.waitForSharpView(window);
    List<Tab> after = tabs(robot);
    assertEquals(1, after.size(), "the slide's tab took the opening tab's place");
    assertInstanceOf(SlideTab.class, after.getFirst());
  }

  @Test
  void closingTheOpeningTabDropsTheSlide(FxRobot robot) throws Exception {
    fxRun(() -> window.open(ViewerTestSupport.smallSlide()));
    ViewerTestSupport.waitUntil("the opening tab", () -> tabs(robot).size() == 1, 10);
    TabPane pane = robot.lookup(".slide-tabs").queryAs(TabPane.class);
    fxRun(() -> pane.getTabs().clear());

    release.countDown();
    ViewerTestSupport.waitUntil("the slide read and closed again", () -> closedSlides.get() == 1, 20);
    assertTrue(tabs(robot).isEmpty(), "no tab for a slide whose opening tab was closed");
    assertFalse(fx(() -> window.currentViewer().isPresent()));
  }
}
