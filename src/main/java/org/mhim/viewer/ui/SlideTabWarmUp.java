package org.mhim.viewer.ui;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import javafx.scene.Scene;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TabPane;
import javafx.scene.layout.StackPane;
import org.mhim.viewer.slide.ArgbImage;
import org.mhim.viewer.slide.RegionSource;
import org.mhim.viewer.slide.SlideLevel;
import org.mhim.viewer.slide.SlideMetadata;

/**
 * Builds, styles and lays out one slide tab over a blank in-memory slide, off screen, then closes
 * it. The first slide tab of a session otherwise pays on its own for loading and compiling every
 * control, skin and stylesheet it uses (split pane, side tabs, ControlsFX status bar, icon font):
 * its first CSS pass, not the slide, dominated the time from "open" to the first sharp frame. Run
 * once on the FX thread right after the window is shown, before any slide is opened.
 */
final class SlideTabWarmUp {

  private static final int SIZE = 512;

  private SlideTabWarmUp() {}

  /** Styles a throwaway tab with the window's stylesheets; FX thread. */
  static void run(List<String> stylesheets, Background background) {
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
      // The "opening…" tab's spinner is the first thing an open shows.
      StackPane root = new StackPane(tabs, new ProgressIndicator());
      Scene scene = new Scene(root, 1280, 760);
      scene.getStylesheets().setAll(stylesheets);
      root.applyCss();
      root.layout();
      root.getChildren().clear();
      tabs.getTabs().clear();
    }
  }
}
