package org.mhim.viewer.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import org.kordamp.ikonli.javafx.FontIcon;
import org.mhim.viewer.slide.ArgbImage;
import org.mhim.viewer.slide.RegionSource;
import org.mhim.viewer.slide.SlideLevel;
import org.mhim.viewer.slide.SlideMetadata;
import org.mhim.viewer.slide.TileKey;

/**
 * One open slide: the canvas with its minimap and scale bar, the side panel (properties,
 * associated images) and the status bar. Closing the tab closes the slide.
 */
final class SlideTab extends Tab implements AutoCloseable {

  /** The minimap thumbnail is read from the coarsest level, shrunk to at most this many pixels. */
  private static final long MAX_THUMBNAIL_PIXELS = 4096L * 4096L;

  private final OpenSlide slide;
  private final ViewerCanvas viewer;
  private final AnnotationLayer annotations;
  private final StackPane viewArea;
  private final SplitPane split;
  private final TabPane sidePanel;
  private final SlideStatusBar statusBar;
  private final ReadOnlyBooleanWrapper thumbnailLoaded =
      new ReadOnlyBooleanWrapper(this, "thumbnailLoaded");
  private final ReadOnlyBooleanWrapper propertiesShown =
      new ReadOnlyBooleanWrapper(this, "propertiesShown");
  private boolean closed;
  private final List<Runnable> closeHooks = new ArrayList<>();

  /**
   * @param readTile reads a tile of this slide through the shared tile cache (loader threads)
   * @param onError shows a message naming the slide; called on the FX thread
   */
  SlideTab(
      OpenSlide slide,
      Function<TileKey, ArgbImage> readTile,
      TilePixels tiles,
      LongSupplier cacheUsed,
      long cacheMax,
      Background background,
      Consumer<String> onError) {
    this.slide = slide;
    SlideMetadata metadata = slide.source().metadata();
    Path path = metadata.path();
    setText(path.getFileName().toString());
    setTooltip(new Tooltip(path.toString()));
    setGraphic(new FontIcon("mdi2m-microscope"));
    this.viewer =
        new ViewerCanvas(
            metadata,
            slide.id(),
            readTile,
            tiles,
            e -> Platform.runLater(
                () -> onError.accept("Cannot read " + path.getFileName() + " any more: " + e.getMessage())));
    annotations = new AnnotationLayer(viewer, content -> addSidePanel("Annotations", "mdi2v-vector-polygon", content),
        this::removeSidePanel);
    Minimap minimap = new Minimap(viewer);
    ScaleBar scaleBar = new ScaleBar(metadata.mppX(), viewer.viewportProperty());
    // The scale bar changes with every zoom frame: fenced, so that lays out only the bar.
    LayoutFence scaleBarFence = new LayoutFence(scaleBar);
    scaleBarFence.setMouseTransparent(true);
    scaleBarFence.setVisible(scaleBar.isVisible());
    viewArea = new StackPane(viewer, minimap, scaleBarFence);
    viewArea.getStyleClass().add("view-area");
    StackPane.setAlignment(minimap, Pos.TOP_RIGHT);
    StackPane.setMargin(minimap, new Insets(12));
    StackPane.setAlignment(scaleBarFence, Pos.BOTTOM_LEFT);
    StackPane.setMargin(scaleBarFence, new Insets(12));

    Tab properties = sideTab("Properties", "mdi2f-format-list-bulleted", null);
    // A table's first CSS and layout pass is the costliest part of a new tab: show the slide first.
    viewer.sharpProperty().addListener(new ChangeListener<Boolean>() {
      @Override
      public void changed(ObservableValue<? extends Boolean> obs, Boolean was, Boolean now) {
        if (now) {
          obs.removeListener(this);
          // Not in the pulse that paints the sharp frame: that pulse would lay the table out
          // before the frame reaches the screen. Two pulses on, the frame has been rendered.
          afterPulses(2, () -> {
            properties.setContent(new PropertiesPanel(metadata));
            propertiesShown.set(true);
          });
        }
      }
    });
    TabPane side = new TabPane(
        properties,
        lazySideTab("Images", "mdi2i-image-multiple-outline", () -> new AssociatedImagesPanel(slide, background)));
    side.getStyleClass().add("side-panel");
    side.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    side.setMinWidth(220);
    sidePanel = side;
    // Redrawn whenever a dirty region of the moving view overlaps it: blit it from a bitmap
    // instead of laying out its text again.
    side.setCache(true);
    split = new SplitPane(viewArea, side);
    split.getStyleClass().add("slide-split");
    split.setDividerPositions(0.72);
    SplitPane.setResizableWithParent(side, false);

    statusBar = new SlideStatusBar(viewer, cacheUsed, cacheMax);
    BorderPane content = new BorderPane(split);
    content.setBottom(statusBar);
    setContent(content);
    setOnClosed(e -> close());

    int thumbWidth = minimap.thumbnailWidth();
    int thumbHeight = minimap.thumbnailHeight();
    background.run(() -> FxTileImages.toImage(ArgbResize.toSize(thumbnail(slide.source()), thumbWidth, thumbHeight)), image -> {
      minimap.setThumbnail(image);
      thumbnailLoaded.set(true);
    }, error -> thumbnailLoaded.set(true)); // the view itself reports unreadable slides
  }

  /**
   * Starts reading the first view's tiles for a tab whose content will be about {@code width ×
   * height}: the canvas gets the side panel's share less, and the status bar's height less.
   */
  void expectContentSize(double width, double height) {
    viewer.expectSize(Math.floor(width * split.getDividers().getFirst().getPosition()) - 4, height - 28);
  }

  /** True once the minimap thumbnail has been read (or failed to be). */
  ReadOnlyBooleanProperty thumbnailLoadedProperty() {
    return thumbnailLoaded.getReadOnlyProperty();
  }

  /** True once the side panel shows the slide's properties (they are built after the first sharp frame). */
  ReadOnlyBooleanProperty propertiesShownProperty() {
    return propertiesShown.getReadOnlyProperty();
  }

  ViewerCanvas viewer() {
    return viewer;
  }

  /** The slide's annotations shown over it (none until a file is loaded). */
  AnnotationLayer annotations() {
    return annotations;
  }

  /** The canvas with minimap and scale bar: what "export view" captures. */
  Node viewArea() {
    return viewArea;
  }

  Path path() {
    return slide.source().metadata().path();
  }

  /**
   * Adds a tab to the side panel (model results, masked instances, …); later panels plug in
   * here. FX thread.
   */
  Tab addSidePanel(String title, String icon, Node content) {
    Tab tab = sideTab(title, icon, content);
    sidePanel.getTabs().add(tab);
    return tab;
  }

  /** Shows a side-panel tab added before; FX thread. */
  void selectSidePanel(Tab tab) {
    sidePanel.getSelectionModel().select(tab);
  }

  /** Removes a side-panel tab added before; FX thread. */
  void removeSidePanel(Tab tab) {
    sidePanel.getTabs().remove(tab);
  }

  /** The slide's pixels, for reading patches off the FX thread. */
  RegionSource source() {
    return slide.source();
  }

  /** The side panel's tabs (to select one). FX thread. */
  List<Tab> sidePanelTabs() {
    return sidePanel.getTabs();
  }

  void setSidePanelVisible(boolean visible) {
    if (visible && !split.getItems().contains(sidePanel)) {
      split.getItems().add(sidePanel);
      split.setDividerPositions(0.72);
    } else if (!visible) {
      split.getItems().remove(sidePanel);
    }
  }

  /** Runs {@code hook} when the tab closes (panels that own models or threads free them); FX thread. */
  void whenClosed(Runnable hook) {
    closeHooks.add(hook);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeHooks.forEach(Runnable::run);
    statusBar.stop();
    viewer.close();
    try {
      slide.resource().close();
    } catch (Exception e) {
      // Closing a read-only slide cannot lose data; nothing useful to tell the user.
    }
  }

  /** Runs {@code work} on the FX thread at the {@code pulses}-th pulse from now. */
  private static void afterPulses(int pulses, Runnable work) {
    new AnimationTimer() {
      private int seen;

      @Override
      public void handle(long now) {
        if (++seen >= pulses) {
          stop();
          work.run();
        }
      }
    }.start();
  }

  private static Tab sideTab(String title, String icon, Node content) {
    Tab tab = new Tab(title, content);
    tab.setGraphic(new FontIcon(icon));
    return tab;
  }

  /** A side tab whose content is built (and its images read) only when first shown. */
  private static Tab lazySideTab(String title, String icon, Supplier<Node> content) {
    Tab tab = new Tab(title);
    tab.setGraphic(new FontIcon(icon));
    tab.selectedProperty().addListener((obs, was, selected) -> {
      if (selected && tab.getContent() == null) {
        tab.setContent(content.get());
      }
    });
    return tab;
  }

  /** Reads the coarsest level (sampled if large) for the minimap; runs in the background. */
  private static ArgbImage thumbnail(RegionSource source) {
    SlideMetadata metadata = source.metadata();
    int level = metadata.levelCount() - 1;
    SlideLevel l = metadata.level(level);
    int step = 1;
    while ((l.width() / step) * (l.height() / step) > MAX_THUMBNAIL_PIXELS) {
      step *= 2;
    }
    if (step == 1) {
      return source.readRegion(0, 0, level, (int) l.width(), (int) l.height());
    }
    // A huge coarsest level (a slide without a pyramid): sample rows of it instead of reading it whole.
    int w = (int) (l.width() / step);
    int h = (int) (l.height() / step);
    int[] pixels = new int[w * h];
    for (int y = 0; y < h; y++) {
      ArgbImage row = source.readRegion(0, Math.round(y * step * l.downsample()), level, (int) l.width(), 1);
      for (int x = 0; x < w; x++) {
        pixels[y * w + x] = row.pixels()[x * step];
      }
    }
    return new ArgbImage(w, h, pixels);
  }
}
