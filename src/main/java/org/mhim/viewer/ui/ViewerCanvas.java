package org.mhim.viewer.ui;

import java.nio.IntBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.animation.AnimationTimer;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Dimension2D;
import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.Cursor;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.input.ZoomEvent;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.util.Duration;
import org.mhim.viewer.slide.ArgbImage;
import org.mhim.viewer.slide.SlideMetadata;
import org.mhim.viewer.slide.TileKey;

/**
 * Paints one slide from cached tiles and turns mouse input into {@link Viewport} changes.
 *
 * <p>A {@link FrameComposer} thread resamples the loaded tiles of the pyramid level for the
 * current zoom into one frame (coarser tiles scaled up where finer ones are not loaded yet, so the
 * view is never blank where anything coarser exists) and asks the {@link TileScheduler} for what
 * is missing, nearest the centre first. The JavaFX thread only shows the newest frame's pixels as
 * an image and draws it unscaled, shifted while a pan runs ahead of the composer, then the overlays;
 * repaints are coalesced into the next pulse and skipped when nothing changed.
 */
public final class ViewerCanvas extends Region implements AutoCloseable {

  /** How much closer than full resolution one may zoom (pixels become 4×4 squares). */
  private static final double MIN_DOWNSAMPLE = 0.25;
  private static final double WHEEL_ZOOM_PER_NOTCH = 1.25;
  private static final double NOTCH = 40; // JavaFX reports 40 px of deltaY per wheel notch
  private static final Duration SETTLE = Duration.millis(150);
  /** How far a frame's zoom may trail the view's and still be shown unscaled (see placeFrame). */
  private static final double UNSCALED_LAG = 0.1;
  /** Canvas pixels along each edge left in the background colour (see showPart). */
  static final int RIM = 2;
  /**
   * While more tiles are queued, a tile that arrives is shown within this time rather than at
   * once: one frame for a burst of tiles instead of a full upload and redraw per tile.
   */
  private static final long TILE_BURST_NANOS = 100_000_000;

  private final Canvas canvas = new Canvas();
  private final SlideMetadata metadata;
  private final TileGrid grid;
  private final TilePixels tiles;
  private final TileScheduler scheduler;
  private final FrameComposer composer;
  private final Consumer<RuntimeException> onReadError;
  private final Set<TileKey> failed = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean errorReported = new AtomicBoolean();
  private final ObjectProperty<Viewport> viewport = new SimpleObjectProperty<>(this, "viewport");
  private final ReadOnlyBooleanWrapper sharp = new ReadOnlyBooleanWrapper(this, "sharp");
  private final ReadOnlyObjectWrapper<Optional<Point2D>> pointer =
      new ReadOnlyObjectWrapper<>(this, "pointer", Optional.empty());
  private final ObservableList<SlideOverlay> overlays = FXCollections.observableArrayList();
  private final AtomicBoolean dirty = new AtomicBoolean();
  private final AnimationTimer painter;
  private final Tooltip tooltip = new Tooltip();
  private Function<Viewport, Viewport> initialView;
  private Color background;
  /** The canvas background: the whole canvas, or only its rim (and the size it was made for). */
  private javafx.scene.layout.Background whole;
  private javafx.scene.layout.Background rimOnly;
  private Dimension2D rimFor;
  /** Set once a tile with transparent pixels arrives: frames are then not opaque. */
  private volatile boolean transparentTiles;
  /** True while the view changed within the last {@link #SETTLE}: frames are drawn unfiltered. */
  private boolean moving;
  private final PauseTransition settle = new PauseTransition(SETTLE);
  private Point2D dragStart;
  /** While on, a drag measures a line instead of panning (see {@link #measuringProperty}). */
  private final BooleanProperty measuring = new SimpleBooleanProperty(this, "measuring");
  private final RulerOverlay ruler;
  /** The request sent to the composer last. */
  private FrameComposer.Request sent;
  /** The frame on screen: its pixels are drawn straight from the composer's array. */
  private FrameComposer.Frame shown;
  /** Frames taken off screen, with the pulse they left it, until the render thread is done with them. */
  private final ArrayDeque<Retired> retiring = new ArrayDeque<>();
  private long pulses;
  private final ImageView frameView = new ImageView();
  private long paints;
  private long longestPaintNanos;
  private long totalPaintNanos;

  /**
   * @param metadata the slide
   * @param sourceId the slide's tile-cache id
   * @param readTile reads one tile (through the tile cache); called on loader threads
   * @param tiles decoded tiles ready to compose (may be shared between canvases)
   * @param onReadError told once, on a loader thread, when the slide stops being readable
   */
  public ViewerCanvas(
      SlideMetadata metadata,
      String sourceId,
      Function<TileKey, ArgbImage> readTile,
      TilePixels tiles,
      Consumer<RuntimeException> onReadError) {
    this.metadata = metadata;
    this.ruler = new RulerOverlay(metadata.mppX(), metadata.mppY(), this::requestRepaint);
    this.grid = new TileGrid(sourceId, metadata, TileGrid.readSizeFor(metadata));
    this.tiles = tiles;
    this.onReadError = onReadError;
    this.scheduler =
        new TileScheduler(
            3,
            key -> tileLoaded(key, readTile.apply(key)),
            this::tileFailed);
    this.composer = new FrameComposer(grid, tiles, failed::contains, scheduler::request, this::requestRepaint);
    this.painter =
        new AnimationTimer() {
          @Override
          public void handle(long now) {
            pulses++;
            releaseRetired();
            if (dirty.getAndSet(false)) {
              paint();
            } else if (retiring.isEmpty()) {
              stop();
            }
          }
        };
    getStyleClass().add("viewer-canvas");
    // The frame extends a margin beyond the view and slides while panning: the image view shows
    // only the part inside the canvas (see placeFrame), so nothing here needs a clip.
    frameView.setManaged(false);
    frameView.setSmooth(false);
    canvas.setVisible(false); // only overlays are painted on it
    getChildren().addAll(frameView, canvas);
    setCanvasBackground(Color.rgb(236, 236, 238));
    setFocusTraversable(true);
    setMinSize(0, 0);
    // Opaque edge to edge: the background fills what the frame leaves (see coverBackground).
    setOpaqueInsets(Insets.EMPTY);
    initialView = fitView();
    settle.setOnFinished(e -> {
      moving = false;
      compose();
      requestRepaint();
    });
    viewport.addListener((obs, old, now) -> {
      if (old != null && now != null && old.width() == now.width() && old.height() == now.height()) {
        moving = true;
        scheduler.yieldToInteractive(); // navigating: frames come first, decoding fills the gaps
        settle.playFromStart();
      }
      sharp.set(false);
      compose();
      requestRepaint();
    });
    overlays.addListener((ListChangeListener<SlideOverlay>) c -> requestRepaint());
    measuring.addListener((obs, was, on) -> {
      ruler.clear();
      overlays.remove(ruler);
      if (on) {
        overlays.add(ruler);
      }
      setCursor(on ? Cursor.CROSSHAIR : Cursor.DEFAULT);
    });
    installMouseHandlers();
  }

  // ---- public surface -------------------------------------------------------------------------

  public SlideMetadata metadata() {
    return metadata;
  }

  public TileGrid grid() {
    return grid;
  }

  /** The current view; set it to navigate. Values are kept on the slide and within zoom limits. */
  public ObjectProperty<Viewport> viewportProperty() {
    return viewport;
  }

  public Viewport viewport() {
    return viewport.get();
  }

  /** Moves to {@code view}, constrained to the slide and the zoom limits. */
  public void setViewport(Viewport view) {
    viewport.set(view.constrain(metadata.width(), metadata.height(), MIN_DOWNSAMPLE, maxDownsample(view)));
  }

  /**
   * Chooses the view applied when the canvas first gets a size (the default fits the slide).
   * The function receives the fit view for the canvas size.
   */
  public void setInitialView(Function<Viewport, Viewport> fromFit) {
    if (viewport.get() == null) {
      initialView = fromFit;
    } else {
      setViewport(fromFit.apply(fitFor(viewport.get().width(), viewport.get().height())));
    }
  }

  /**
   * Starts reading the tiles of the first view before the canvas has its size: the window lays
   * out a new tab (its first CSS and layout pass is slow) while the loaders already decode. The
   * size is an estimate; once laid out, the canvas asks for what the real view needs (tiles read
   * meanwhile are in the tile cache). Does nothing once the canvas has a view.
   */
  public void expectSize(double width, double height) {
    if (viewport.get() != null || width < 1 || height < 1) {
      return;
    }
    Viewport fit = fitFor(width, height);
    Viewport view = initialView.apply(fit).constrain(metadata.width(), metadata.height(), MIN_DOWNSAMPLE, maxDownsample(fit));
    int target = grid.levelFor(view.downsample());
    List<TileKey> wanted = new ArrayList<>();
    for (TileGrid.Tile tile : grid.visibleTiles(view, grid.coarsestLevel())) {
      wanted.add(tile.key());
    }
    if (target != grid.coarsestLevel()) {
      for (TileGrid.Tile tile : grid.visibleTiles(view, target)) {
        wanted.add(tile.key());
      }
    }
    scheduler.request(wanted);
  }

  /** True once every tile of the current level in view has been drawn. */
  public ReadOnlyBooleanProperty sharpProperty() {
    return sharp.getReadOnlyProperty();
  }

  /** The level-0 point under the mouse, when it is over the canvas. */
  public ReadOnlyObjectProperty<Optional<Point2D>> pointerProperty() {
    return pointer.getReadOnlyProperty();
  }

  /**
   * Measuring a distance: while true, a drag draws a line from where it starts and shows its
   * length (µm or mm when the slide states its pixel size); turning it off removes the line.
   */
  public BooleanProperty measuringProperty() {
    return measuring;
  }

  /** The line measured last while measuring, if any. */
  Optional<Measurement> measurement() {
    return ruler.measurement();
  }

  /** Its length as shown beside it. */
  Optional<String> measuredLength() {
    return ruler.lengthText();
  }

  /** Overlays painted over the slide, first at the bottom. */
  public ObservableList<SlideOverlay> overlays() {
    return overlays;
  }

  /** Tiles waiting or being read for this canvas. */
  public int outstandingTiles() {
    return scheduler.outstanding();
  }

  /** Paints happened so far (for tests and benchmarks). */
  public long paintCount() {
    return paints;
  }

  /** Asks for a repaint in the next pulse; callable from any thread, coalesced. */
  public void requestRepaint() {
    if (dirty.compareAndSet(false, true)) {
      if (Platform.isFxApplicationThread()) {
        painter.start();
      } else {
        Platform.runLater(painter::start);
      }
    }
  }

  public void zoomBy(double factor) {
    Viewport v = viewport.get();
    if (v != null) {
      viewport.set(v.zoomAround(v.width() / 2, v.height() / 2, factor, MIN_DOWNSAMPLE, maxDownsample(v)));
    }
  }

  public void zoomAround(double screenX, double screenY, double factor) {
    Viewport v = viewport.get();
    if (v != null) {
      viewport.set(v.zoomAround(screenX, screenY, factor, MIN_DOWNSAMPLE, maxDownsample(v)));
    }
  }

  /** Pans by a fraction of the view (arrow keys): 0.125 moves an eighth of the width. */
  public void panByFraction(double fx, double fy) {
    Viewport v = viewport.get();
    if (v != null) {
      setViewport(v.pan(-fx * v.width(), -fy * v.height()));
    }
  }

  public void fit() {
    Viewport v = viewport.get();
    if (v != null) {
      viewport.set(fitFor(v.width(), v.height()));
    }
  }

  /** Shows {@code downsample} level-0 pixels per screen pixel around the current centre. */
  public void zoomToDownsample(double downsample) {
    Viewport v = viewport.get();
    if (v != null) {
      setViewport(v.withDownsample(downsample));
    }
  }

  public void centerOn(double x, double y) {
    Viewport v = viewport.get();
    if (v != null) {
      setViewport(v.withCenter(x, y));
    }
  }

  /** The view that shows the whole slide on a canvas of the given size. */
  public Viewport fitFor(double width, double height) {
    return Viewport.fit(metadata.width(), metadata.height(), width, height);
  }

  @Override
  public void close() {
    painter.stop();
    composer.close();
    scheduler.close();
    tiles.invalidate(grid.sourceId());
  }

  // ---- layout and painting --------------------------------------------------------------------

  @Override
  protected void layoutChildren() {
    double w = Math.floor(getWidth());
    double h = Math.floor(getHeight());
    if (canvas.getWidth() != w || canvas.getHeight() != h) {
      canvas.setWidth(w);
      canvas.setHeight(h);
      coverBackground(false); // the rim was for the old size; the next paint places the frame
      if (w > 0 && h > 0) {
        Viewport v = viewport.get();
        if (v == null) {
          setViewport(initialView.apply(fitFor(w, h)));
        } else {
          viewport.set(v.withSize(w, h));
        }
      }
      requestRepaint();
    }
  }

  private void paint() {
    long start = System.nanoTime();
    paintNow();
    long took = System.nanoTime() - start;
    longestPaintNanos = Math.max(longestPaintNanos, took);
    totalPaintNanos += took;
  }

  /** The longest single paint so far, in nanoseconds (benchmarks and the watchdog test report it). */
  public long longestPaintNanos() {
    return longestPaintNanos;
  }

  /** All paints so far together, in nanoseconds (with {@link #paintCount}: the mean paint, for benchmarks). */
  public long totalPaintNanos() {
    return totalPaintNanos;
  }

  private void paintNow() {
    paints++;
    FrameComposer.Frame arrived = composer.takeFrame();
    if (arrived != null) {
      upload(arrived);
    }
    Viewport view = viewport.get();
    if (view == null || view.width() == 0 || view.height() == 0) {
      return;
    }
    if (shown != null) {
      placeFrame(view, shown);
    }
    paintOverlays(view);
    sharp.set(shown != null && shown.complete() && !moving && shown.request().view().equals(view)
        && shown.request().smooth() == smoothFor(view));
  }

  /** A frame's pixels as JavaFX draws them, over the composer's own array and format (no copy). */
  private record Shown(PixelBuffer<IntBuffer> buffer, WritableImage image) {}

  /** Pixels off screen since {@code pulse}. */
  private record Retired(FrameComposer.Pixels pixels, long pulse) {}

  /**
   * Shows a new frame: an image over its own pixel array (made once per array; the composer
   * reuses a few), marked changed so Prism uploads it. FX thread.
   */
  private void upload(FrameComposer.Frame frame) {
    FrameComposer.Pixels pixels = frame.shared();
    if (pixels.shownAs instanceof Shown s && s.buffer().getWidth() == frame.width() && s.buffer().getHeight() == frame.height()) {
      s.buffer().updateBuffer(b -> null); // all of it changed since it was last on screen
      frameView.setImage(s.image());
    } else {
      PixelBuffer<IntBuffer> buffer = new PixelBuffer<>(frame.width(), frame.height(),
          IntBuffer.wrap(frame.pixels()), PixelFormat.getIntArgbPreInstance());
      Shown s = new Shown(buffer, new WritableImage(buffer));
      pixels.shownAs = s;
      frameView.setImage(s.image());
    }
    if (shown != null) {
      retiring.add(new Retired(shown.shared(), pulses));
    }
    shown = frame;
  }

  /**
   * Gives the composer back the pixels of frames that left the screen two pulses ago or more: the
   * render thread may draw a pulse's frame while the next pulse runs, but a pulse waits for the
   * previous one's rendering before handing over its own, so by then nothing reads them.
   */
  private void releaseRetired() {
    while (!retiring.isEmpty() && pulses - retiring.peekFirst().pulse() >= 2) {
      composer.release(retiring.pollFirst().pixels());
    }
  }

  /**
   * Puts the latest frame where it belongs in {@code view}. At the frame's own zoom (at rest and
   * while panning) it is shown unscaled at a whole-pixel offset — a plain copy in the software
   * pipeline. While a zoom runs just ahead of the composer (the frame's zoom within {@link
   * #UNSCALED_LAG} of the view's), the frame is still shown unscaled, as the view it was composed
   * for, so a continuous zoom lags by the composer's latency instead of scaling every frame; a
   * larger jump (a wheel notch, a double click) shows the frame scaled, unfiltered, until the
   * composer catches up.
   */
  private void placeFrame(Viewport view, FrameComposer.Frame frame) {
    double scale = frame.downsample() / view.downsample();
    double x;
    double y;
    if (Math.abs(scale - 1) < 1e-9) {
      x = Math.rint(view.screenX(frame.originX()));
      y = Math.rint(view.screenY(frame.originY()));
      scale = 1;
    } else if (Math.abs(scale - 1) < UNSCALED_LAG) {
      // Anchor where the two views agree (the point a zoom keeps under the cursor) when that is
      // on screen, else at the centre; the rest of the frame follows at its own zoom.
      Viewport from = frame.request().view();
      double k = 1 / from.downsample() - 1 / view.downsample();
      double ax = (from.centerX() / from.downsample() - view.centerX() / view.downsample()) / k;
      double ay = (from.centerY() / from.downsample() - view.centerY() / view.downsample()) / k;
      boolean onScreen = view.screenX(ax) >= 0 && view.screenX(ax) <= view.width()
          && view.screenY(ay) >= 0 && view.screenY(ay) <= view.height();
      if (!onScreen) {
        ax = view.centerX();
        ay = view.centerY();
      }
      x = Math.rint(view.screenX(ax) - (ax - frame.originX()) / from.downsample());
      y = Math.rint(view.screenY(ay) - (ay - frame.originY()) / from.downsample());
      scale = 1;
    } else {
      x = view.screenX(frame.originX());
      y = view.screenY(frame.originY());
    }
    showPart(frame, x, y, scale, view);
  }

  /**
   * Shows the part of {@code frame} that falls inside the canvas less a {@link #RIM}, drawn from
   * ({@code x}, {@code y}) at {@code scale}. Prism repaints a changed node from the nearest node
   * declared opaque over the change grown by a pixel, so the image stays inside the canvas, which
   * is declared opaque (see {@link #coverBackground}): a new frame repaints the canvas alone.
   */
  private void showPart(FrameComposer.Frame frame, double x, double y, double scale, Viewport view) {
    double x0 = Math.max(RIM, x);
    double y0 = Math.max(RIM, y);
    double x1 = Math.min(Math.floor(view.width()) - RIM, x + frame.width() * scale);
    double y1 = Math.min(Math.floor(view.height()) - RIM, y + frame.height() * scale);
    if (x1 <= x0 || y1 <= y0) {
      frameView.setVisible(false);
      coverBackground(false);
      return;
    }
    frameView.setVisible(true);
    coverBackground(!transparentTiles
        && x0 == RIM && y0 == RIM && x1 == Math.floor(view.width()) - RIM && y1 == Math.floor(view.height()) - RIM);
    Rectangle2D part =
        new Rectangle2D((x0 - x) / scale, (y0 - y) / scale, (x1 - x0) / scale, (y1 - y0) / scale);
    if (!part.equals(frameView.getViewport())) {
      frameView.setViewport(part);
    }
    frameView.setFitWidth(scale == 1 ? 0 : x1 - x0);
    frameView.setFitHeight(scale == 1 ? 0 : y1 - y0);
    frameView.relocate(x0, y0);
  }

  private void paintOverlays(Viewport view) {
    canvas.setVisible(!overlays.isEmpty());
    if (overlays.isEmpty()) {
      return;
    }
    GraphicsContext gc = canvas.getGraphicsContext2D();
    gc.setTransform(1, 0, 0, 1, 0, 0);
    gc.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
    gc.save();
    double s = 1 / view.downsample();
    gc.setTransform(s, 0, 0, s, view.width() / 2 - view.centerX() * s, view.height() / 2 - view.centerY() * s);
    overlays.stream().sorted(Comparator.comparingInt(SlideOverlay::layer)).forEach(overlay -> overlay.paint(gc, view));
    gc.restore();
  }

  /** Bilinear at rest; nearest neighbour while moving and beyond full resolution (crisp pixels). */
  private boolean smoothFor(Viewport view) {
    return view.downsample() >= 1 && !moving;
  }

  /** Asks the composer for a frame of the current view. */
  private void compose() {
    Viewport view = viewport.get();
    if (view != null && view.width() > 0 && view.height() > 0) {
      Color bg = background();
      int argb = 0xFF000000 | (int) Math.round(bg.getRed() * 255) << 16
          | (int) Math.round(bg.getGreen() * 255) << 8 | (int) Math.round(bg.getBlue() * 255);
      FrameComposer.Request request = new FrameComposer.Request(view, smoothFor(view), argb);
      if (moving && sent != null && sent.smooth() == request.smooth() && sent.background() == argb
          && FrameComposer.standsIn(sent.view(), view)) {
        // A pan still inside the frame asked for last: shown shifted it stands in, and the
        // composer (and the copies behind every new frame) rest.
        return;
      }
      sent = request;
      composer.request(request);
    }
  }

  private void tileLoaded(TileKey key, ArgbImage pixels) {
    if (!transparentTiles && !opaque(pixels)) {
      transparentTiles = true; // frames may let the background show through: keep it filled
    }
    tiles.put(key, pixels);
    composer.tileArrived(key);
    if (scheduler.outstanding() <= 1) {
      composer.refresh(); // the last of a burst (this one is still counted) or a lone tile: show it now
    } else {
      composer.refreshWithin(TILE_BURST_NANOS);
    }
  }

  /**
   * Whether a tile is opaque enough to leave nothing under the frame visible: every pixel at
   * least 15/16 opaque (resampled pyramid levels carry alpha 254 here and there, which lets at most
   * 1/255 of what lay under through).
   */
  private static boolean opaque(ArgbImage image) {
    for (int p : image.pixels()) {
      if (p >>> 24 < 0xF0) {
        return false;
      }
    }
    return true;
  }

  private void tileFailed(TileKey key, RuntimeException e) {
    failed.add(key);
    composer.refresh();
    if (errorReported.compareAndSet(false, true)) {
      onReadError.accept(e);
    }
  }

  private Color background() {
    return background;
  }

  /** Sets the colour behind the slide (the theme sets it). */
  public void setCanvasBackground(Color color) {
    background = color;
    // Shown where no frame is yet (a pan beyond the frame's margin); frames carry it too.
    rimOnly = null;
    coverBackground(false);
    compose();
    requestRepaint();
  }

  /**
   * Fills the whole canvas with the background colour, or, when the frame covers everything
   * inside the rim, only the rim. The canvas is always declared opaque (it is, either way), so
   * Prism starts repainting a new frame here; filling the whole canvas under an opaque frame
   * cost the software pipeline more than drawing the frame itself.
   */
  private void coverBackground(boolean frameCovers) {
    double w = Math.floor(getWidth());
    double h = Math.floor(getHeight());
    if (frameCovers && (rimOnly == null || rimFor.getWidth() != w || rimFor.getHeight() != h)) {
      rimFor = new Dimension2D(w, h);
      rimOnly = new javafx.scene.layout.Background(
          new BackgroundFill(background, null, new Insets(0, 0, h - RIM, 0)),
          new BackgroundFill(background, null, new Insets(h - RIM, 0, 0, 0)),
          new BackgroundFill(background, null, new Insets(RIM, w - RIM, RIM, 0)),
          new BackgroundFill(background, null, new Insets(RIM, 0, RIM, w - RIM)));
    }
    javafx.scene.layout.Background wanted = frameCovers ? rimOnly
        : whole != null && whole.getFills().getFirst().getFill().equals(background) ? whole
        : (whole = new javafx.scene.layout.Background(new BackgroundFill(background, null, null)));
    if (getBackground() != wanted) {
      setBackground(wanted);
    }
  }

  private double maxDownsample(Viewport v) {
    return Math.max(fitFor(v.width(), v.height()).downsample() * 4, 1);
  }

  private Function<Viewport, Viewport> fitView() {
    return fit -> fit;
  }

  // ---- input ----------------------------------------------------------------------------------

  private void installMouseHandlers() {
    addEventHandler(ScrollEvent.SCROLL, this::onScroll);
    addEventHandler(ZoomEvent.ZOOM, e -> {
      zoomAround(e.getX(), e.getY(), e.getZoomFactor());
      e.consume();
    });
    addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
      requestFocus();
      Viewport v = viewport.get();
      if (e.getButton() == MouseButton.PRIMARY && measuring.get() && v != null) {
        ruler.start(v.imageX(e.getX()), v.imageY(e.getY()));
      } else if (e.getButton() == MouseButton.PRIMARY) {
        dragStart = new Point2D(e.getX(), e.getY());
        setCursor(Cursor.CLOSED_HAND);
      }
    });
    addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
      Viewport measured = viewport.get();
      if (measuring.get() && measured != null) {
        ruler.extendTo(measured.imageX(e.getX()), measured.imageY(e.getY()));
      } else if (dragStart != null) {
        Viewport v = viewport.get();
        if (v != null) {
          setViewport(v.pan(e.getX() - dragStart.getX(), e.getY() - dragStart.getY()));
        }
        dragStart = new Point2D(e.getX(), e.getY());
      }
      updateCursor(e);
    });
    addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
      dragStart = null;
      setCursor(measuring.get() ? Cursor.CROSSHAIR : Cursor.DEFAULT);
    });
    addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
      if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && e.isStillSincePress()) {
        zoomAround(e.getX(), e.getY(), e.isShiftDown() ? 0.5 : 2);
      }
    });
    addEventHandler(MouseEvent.MOUSE_MOVED, this::updateCursor);
    addEventHandler(MouseEvent.MOUSE_EXITED, e -> {
      pointer.set(Optional.empty());
      tooltip.hide();
    });
  }

  private void onScroll(ScrollEvent e) {
    if (e.getDeltaY() == 0 || e.getTouchCount() > 1) {
      return; // a two-finger trackpad scroll with no vertical part, or a pinch (ZoomEvent handles it)
    }
    double factor = Math.pow(WHEEL_ZOOM_PER_NOTCH, e.getDeltaY() / NOTCH);
    zoomAround(e.getX(), e.getY(), factor);
    e.consume();
  }

  private void updateCursor(MouseEvent e) {
    Viewport v = viewport.get();
    if (v == null) {
      return;
    }
    double x = v.imageX(e.getX());
    double y = v.imageY(e.getY());
    boolean inside = x >= 0 && y >= 0 && x < metadata.width() && y < metadata.height();
    pointer.set(inside ? Optional.of(new Point2D(x, y)) : Optional.empty());
    Optional<String> tip = Optional.empty();
    for (int i = overlays.size() - 1; i >= 0 && tip.isEmpty() && inside; i--) {
      tip = overlays.get(i).tooltipAt(x, y);
    }
    if (tip.isPresent()) {
      tooltip.setText(tip.get());
      tooltip.show(this, e.getScreenX() + 14, e.getScreenY() + 14);
    } else if (tooltip.isShowing()) {
      tooltip.hide();
    }
  }
}
