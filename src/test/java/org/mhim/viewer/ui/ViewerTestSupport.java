package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.mhim.viewer.slide.DemoSlideSpec;
import org.mhim.viewer.slide.DemoSlideWriter;
import org.testfx.util.WaitForAsyncUtils;

/** Shared by the viewer's UI tests: one small generated slide per test run, FX-thread helpers. */
final class ViewerTestSupport {

  private static Path slide;

  private ViewerTestSupport() {}

  /** A 3200 × 2400 demo slide (MPP 0.5, 20×), written once per JVM. */
  static synchronized Path smallSlide() {
    if (slide == null) {
      try {
        Path dir = Files.createTempDirectory("mhim-viewer-test");
        dir.toFile().deleteOnExit();
        slide = dir.resolve("small.tif");
        DemoSlideWriter.write(slide, new DemoSlideSpec(3200, 2400, 7, 0.3));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return slide;
  }

  /**
   * A viewer window on a stage of its own, 1000 × 700, shown; FX thread. Each test gets a fresh
   * one (and closes it) so no state leaks between tests.
   */
  static ViewerWindow showWindow(SlideOpener opener, Path config) {
    javafx.stage.Stage stage = new javafx.stage.Stage();
    ViewerWindow window = new ViewerWindow(stage, opener, config);
    stage.setWidth(1000);
    stage.setHeight(700);
    stage.show();
    return window;
  }

  /** Runs {@code work} on the FX thread and returns its result. */
  static <T> T fx(Callable<T> work) {
    try {
      return WaitForAsyncUtils.asyncFx(work).get(60, TimeUnit.SECONDS); // generous: CI boxes can be slow
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  static void fxRun(Runnable work) {
    fx(() -> {
      work.run();
      return null;
    });
  }

  /** Waits (polling on the FX thread) until {@code condition} holds. */
  static void waitUntil(String what, BooleanSupplier condition, long seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (fx(condition::getAsBoolean)) {
        return;
      }
      WaitForAsyncUtils.sleep(20, TimeUnit.MILLISECONDS);
    }
    fail("timed out waiting for " + what);
  }

  /** Waits until the window shows a slide and its view is fully sharp; returns the canvas. */
  static ViewerCanvas waitForSharpView(ViewerWindow window) {
    waitUntil("a slide tab", () -> window.currentViewer().isPresent(), 20);
    ViewerCanvas viewer = fx(() -> window.currentViewer().orElseThrow());
    waitSharp(viewer);
    return viewer;
  }

  /**
   * As {@link #waitForSharpView}, with the annotations found beside the slide (the demo slides'
   * true outlines) hidden: for tests of the slide's own pixels or the model's overlays.
   */
  static ViewerCanvas waitForSharpViewWithoutAnnotations(ViewerWindow window) {
    ViewerCanvas viewer = waitForSharpView(window);
    SlideTab tab = fx(() -> window.currentTabProperty().get());
    waitUntil("the look for annotations beside the slide", () -> tab.annotations().searchedProperty().get(), 20);
    fxRun(() -> tab.annotations().shownProperty().set(false));
    waitSharp(viewer);
    return viewer;
  }

  static void waitSharp(ViewerCanvas viewer) {
    WaitForAsyncUtils.waitForFxEvents();
    waitUntil("a sharp view", () -> viewer.viewport() != null && viewer.sharpProperty().get()
        && viewer.outstandingTiles() == 0, 20);
    WaitForAsyncUtils.waitForFxEvents();
  }
}
