package org.mhim.viewer.ui;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import org.mhim.viewer.slide.ArgbImage;
import org.mhim.viewer.slide.RegionSource;
import org.mhim.viewer.slide.SlideLevel;
import org.mhim.viewer.slide.SlideMetadata;

/**
 * Builds, styles and lays out a throwaway slide tab over a blank in-memory slide, invisibly inside
 * the window, then closes it; a few times. The first slide tab of a session otherwise pays on its
 * own for loading and compiling every control, skin and stylesheet it uses (split pane, side tabs,
 * ControlsFX status bar, icon font), for the window scene's style caches (JavaFX keeps them per
 * scene: a tab styled in a scene of its own left the window's cold), and for running the CSS and
 * layout code before the JIT compiled it: the first of three rounds took 2–3 times as long as the
 * third. Each round is its own FX-thread task, so an open that comes meanwhile goes first.
 */
final class SlideTabWarmUp {

  private static final int SIZE = 512;

  private SlideTabWarmUp() {}

  /**
   * Runs {@code rounds} rounds inside {@code host} (a pane of the shown window), the first now, each
   * later one in a task of its own unless {@code stop} says a slide is being opened. FX thread.
   */
  static void run(Pane host, Background background, int rounds, BooleanSupplier stop) {
    round(host, background);
    if (rounds > 1) {
      Platform.runLater(() -> {
        if (!stop.getAsBoolean()) {
          run(host, background, rounds - 1, stop);
        }
      });
    }
  }

  /** Styles and lays out one throwaway tab, hidden, in {@code host}'s scene, then removes it. */
  private static void round(Pane host, Background background) {
    SlideMetadata metadata = new SlideMetadata(Path.of("warm-up"), "warm-up", List.of(new SlideLevel(SIZE, SIZE, 1)),
        OptionalDouble.of(0.25), OptionalDouble.of(0.25), OptionalDouble.of(40), Map.of("warm-up", "1"), List.of());
    RegionSource blank = new RegionSource() {
      @Override
      public SlideMetadata metadata() {
        return metadata;
      }

      @Override
      public ArgbImage readRegion(long x, long y, int level, int width, int height) {
        return new ArgbImage(width, height, new int[width * height]);
      }
    };
    OpenSlide slide = new OpenSlide(blank, "warm-up", name -> null, () -> {});
    try (SlideTab tab = new SlideTab(slide, key -> blank.readRegion(key.x(), key.y(), key.level(), key.width(), key.height()),
        new TilePixels(4L * SIZE * SIZE), () -> 0, 1, background, message -> {})) {
      TabPane tabs = new TabPane(tab);
      // The "opening…" tab's label is the first thing an open shows.
      StackPane holder = new StackPane(tabs, new Label("warm-up"));
      holder.setVisible(false);
      holder.setManaged(false);
      host.getChildren().add(holder);
      try {
        holder.resize(Math.max(host.getWidth(), 800), Math.max(host.getHeight(), 600));
        holder.applyCss();
        holder.layout();
      } finally {
        host.getChildren().remove(holder);
        tabs.getTabs().clear();
      }
    }
  }
}
