package org.mhim.viewer.ui;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;

/**
 * Starts the JavaFX viewer from a plain {@link ViewRequest}: the one door from the command line
 * into the UI, so the CLI itself never touches JavaFX.
 */
public final class ViewerApp {

  private ViewerApp() {}

  /**
   * Runs the viewer until its window closes or, for a screenshot, until the PNG is written.
   *
   * @param demoSlide makes the demo slide (generating it on first use); called off the FX thread
   * @throws ViewerException for a screenshot that could not be made (message names the file)
   */
  public static void run(ViewRequest request, Supplier<Path> demoSlide) {
    CountDownLatch closed = new CountDownLatch(1);
    AtomicReference<String> failure = new AtomicReference<>();
    Platform.setImplicitExit(false); // the latch decides when we are done
    AtomicReference<Thread> fxThread = new AtomicReference<>();
    AtomicReference<ViewerWindow> shown = new AtomicReference<>();
    Platform.startup(() -> {
      fxThread.set(Thread.currentThread());
      try {
        Stage stage = new Stage();
        ViewerWindow window = new ViewerWindow(stage, SlideOpener.openSlide(), UserSettings.defaultFolder());
        shown.set(window);
        stage.addEventHandler(WindowEvent.WINDOW_HIDDEN, e -> closed.countDown());
        if (request.screenshot().isPresent()) {
          ViewRequest.Screenshot spec = request.screenshot().get();
          stage.setMaximized(false); // the size asked for, whatever the last window was
          stage.setWidth(spec.width());
          stage.setHeight(spec.height());
          stage.show();
          new ScreenshotRunner(window, request.slides().getFirst(), spec, outcome -> {
            failure.set(outcome.error());
            stage.close();
          }).start();
          return;
        }
        stage.show();
        if (request.slides().isEmpty() && request.demo()) {
          window.openWhenReady("Preparing the demo slide", demoSlide::get);
        }
        request.slides().forEach(window::open);
      } catch (RuntimeException e) {
        failure.set("cannot start the viewer: " + e.getMessage());
        closed.countDown();
      }
    });
    try {
      closed.await();
      if (shown.get() != null) {
        shown.get().awaitSettingsWritten();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      Platform.exit();
      joinQuietly(fxThread.get()); // let the toolkit shut GTK down before the JVM exits under it
    }
    if (failure.get() != null) {
      throw new ViewerException(failure.get());
    }
  }

  private static void joinQuietly(Thread thread) {
    if (thread == null) {
      return;
    }
    try {
      thread.join(3000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The viewer could not do what the command line asked; the message says why. */
  public static final class ViewerException extends RuntimeException {
    public ViewerException(String message) {
      super(message);
    }
  }
}
