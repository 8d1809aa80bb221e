package org.mhim.viewer.ui;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.collections.ListChangeListener;
import javafx.util.Duration;

/**
 * Drives a window through one scripted view: opens the slide, moves to the requested centre and
 * zoom, waits until every visible tile of the target level is drawn (and the minimap is there),
 * then writes the window as a PNG. Reports success or a message through {@code done}.
 */
final class ScreenshotRunner {

  /** Gives up when the view is not sharp after this long (a slide that reads forever). */
  private static final Duration TIMEOUT = Duration.minutes(3);

  /** How it ended: null message on success. */
  record Outcome(Path written, String error) {}

  private final ViewerWindow window;
  private final Path slide;
  private final ViewRequest.Screenshot spec;
  private final Consumer<Outcome> done;
  private final Background background = new Background("screenshot");
  private boolean finished;

  ScreenshotRunner(ViewerWindow window, Path slide, ViewRequest.Screenshot spec, Consumer<Outcome> done) {
    this.window = window;
    this.slide = slide;
    this.spec = spec;
    this.done = done;
  }

  /** Starts; FX thread. */
  void start() {
    window.setRemembering(false);
    window.errorMessages().addListener((ListChangeListener<String>) c -> {
      if (!window.errorMessages().isEmpty()) {
        finish(new Outcome(null, window.errorMessages().getLast()));
      }
    });
    window.currentTabProperty().addListener((obs, old, tab) -> {
      if (tab != null) {
        prepare(tab);
      }
    });
    PauseTransition timeout = new PauseTransition(TIMEOUT);
    timeout.setOnFinished(e -> finish(new Outcome(null, slide + ": the view did not become sharp within " + TIMEOUT.toMinutes() + " minutes")));
    timeout.play();
    window.open(slide);
  }

  private void prepare(SlideTab tab) {
    ViewerCanvas viewer = tab.viewer();
    Magnification magnification = Magnification.of(viewer.metadata());
    if (spec.magnification().isPresent() && !magnification.known()) {
      finish(new Outcome(null, slide + ": the slide gives neither objective power nor pixel size, so "
          + "--magnification cannot be honoured; use --downsample"));
      return;
    }
    viewer.setInitialView(fit -> {
      Viewport v = fit;
      if (spec.centerX().isPresent()) {
        v = v.withCenter(spec.centerX().getAsDouble(), spec.centerY().getAsDouble());
      }
      if (spec.magnification().isPresent()) {
        v = v.withDownsample(magnification.downsampleFor(spec.magnification().getAsDouble()));
      } else if (spec.downsample().isPresent()) {
        v = v.withDownsample(spec.downsample().getAsDouble());
      }
      return v;
    });
    InvalidationListener check = obs -> Platform.runLater(() -> captureIfReady(tab));
    viewer.sharpProperty().addListener(check);
    tab.thumbnailLoadedProperty().addListener(check);
    tab.propertiesShownProperty().addListener(check); // a screenshot shows the whole window, side panel filled
    tab.annotations().searchedProperty().addListener(check); // with the annotations kept beside the slide
    captureIfReady(tab);
  }

  private void captureIfReady(SlideTab tab) {
    if (finished || !tab.viewer().sharpProperty().get() || tab.viewer().outstandingTiles() > 0
        || !tab.thumbnailLoadedProperty().get() || !tab.propertiesShownProperty().get()
        || !tab.annotations().searchedProperty().get()) {
      return;
    }
    finished = true;
    BufferedImage pixels = ViewExport.toBuffered(window.stage().getScene().snapshot(null));
    background.run(() -> {
      ViewExport.writePng(pixels, spec.output());
      return spec.output();
    }, written -> report(new Outcome(written, null)),
        error -> report(new Outcome(null, spec.output() + ": cannot write the screenshot: " + error.getMessage())));
  }

  private void finish(Outcome outcome) {
    if (!finished) {
      finished = true;
      report(outcome);
    }
  }

  private void report(Outcome outcome) {
    background.close();
    done.accept(outcome);
  }
}
