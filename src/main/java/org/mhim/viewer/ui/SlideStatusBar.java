package org.mhim.viewer.ui;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.LongSupplier;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Orientation;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.util.Duration;
import org.controlsfx.control.StatusBar;
import org.kordamp.ikonli.javafx.FontIcon;
import org.mhim.viewer.slide.SlideMetadata;

/**
 * The strip under a slide: cursor position in level-0 pixels and µm, current magnification and
 * downsample (following a running zoom at most twice a second, see {@link Throttle}), and how full
 * the tile cache is (polled twice a second, not per frame).
 */
final class SlideStatusBar extends StatusBar {

  private final Label magnification = new Label();
  private final Label cache = new Label();
  private final OptionalDouble mppX;
  private final OptionalDouble mppY;
  private final Timeline poll;
  private final Throttle<String> magnificationUpdates;

  /**
   * @param cacheUsed bytes of decoded tiles held (any thread may be updating it)
   * @param cacheMax the cache budget in bytes
   */
  SlideStatusBar(ViewerCanvas viewer, LongSupplier cacheUsed, long cacheMax) {
    SlideMetadata metadata = viewer.metadata();
    this.mppX = metadata.mppX();
    this.mppY = metadata.mppY().isPresent() ? metadata.mppY() : metadata.mppX();
    Magnification zoom = Magnification.of(metadata);
    getStyleClass().add("slide-status-bar");
    magnification.getStyleClass().add("status-magnification");
    magnification.setGraphic(new FontIcon("mdi2m-magnify"));
    cache.setGraphic(new FontIcon("mdi2m-memory"));
    // The magnification changes with every zoom frame: fenced, so that lays out only the label.
    LayoutFence magnificationFence = new LayoutFence(magnification);
    getRightItems().addAll(magnificationFence, new Separator(Orientation.VERTICAL), cache);
    String summary = summary(metadata);
    viewer.pointerProperty().addListener((obs, old, p) -> setText(p.isPresent() ? describe(p.get()) : summary));
    magnificationUpdates = new Throttle<>(Throttle.READOUT, text -> {
      magnification.setText(text);
      magnificationFence.refresh();
    });
    viewer.viewportProperty().addListener((obs, old, v) -> magnificationUpdates.submit(describe(zoom, v)));
    magnificationUpdates.submit(describe(zoom, viewer.viewport())); // the first shows at once
    setText(summary);
    poll = new Timeline(new KeyFrame(Duration.millis(500), e -> cache.setText(
        String.format(Locale.ROOT, "Tiles %d / %d MiB", cacheUsed.getAsLong() >> 20, cacheMax >> 20))));
    poll.setCycleCount(Timeline.INDEFINITE);
    poll.play();
  }

  void stop() {
    poll.stop();
    magnificationUpdates.cancel();
  }

  /** What the bar says while the pointer is off the slide: size, pixel size, format. */
  static String summary(SlideMetadata m) {
    String size = String.format(Locale.ROOT, "%,d × %,d px", m.width(), m.height());
    String mpp = m.mppX().isPresent()
        ? String.format(Locale.ROOT, "%.3f µm/px", m.mppX().getAsDouble())
        : "no pixel size in this slide: positions in pixels only, no scale bar";
    String levels = m.levelCount() == 1 ? "1 level" : m.levelCount() + " levels";
    return size + "   ·   " + levels + "   ·   " + mpp + "   ·   " + m.vendor();
  }

  private String describe(Point2D p) {
    String pixels = String.format(Locale.ROOT, "x %,d  y %,d px", (long) p.getX(), (long) p.getY());
    if (mppX.isEmpty()) {
      return pixels;
    }
    return pixels + String.format(Locale.ROOT, "   ·   %,.1f  %,.1f µm",
        p.getX() * mppX.getAsDouble(), p.getY() * mppY.getAsDouble());
  }

  private static String describe(Magnification zoom, Viewport v) {
    if (v == null) {
      return "";
    }
    String ds = String.format(Locale.ROOT, "downsample %.2f", v.downsample());
    OptionalDouble m = zoom.atDownsample(v.downsample());
    return m.isPresent() ? Magnification.format(m.getAsDouble()) + "  (" + ds + ")" : ds;
  }
}
