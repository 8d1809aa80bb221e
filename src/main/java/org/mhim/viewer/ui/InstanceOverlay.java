package org.mhim.viewer.ui;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.Image;
import javafx.scene.transform.Affine;
import org.mhim.viewer.analysis.ColorScale;
import org.mhim.viewer.analysis.ColorStack;
import org.mhim.viewer.analysis.InstanceMeasure;
import org.mhim.viewer.analysis.InstanceRaster;
import org.mhim.viewer.analysis.Instances;
import org.mhim.viewer.slide.ArgbImage;
import org.mhim.viewer.slide.TileKey;

/**
 * Per-instance measures (a class probability, the attention, the score) coloured over the slide,
 * as a stack of layers each toggled and styled on its own. Painted like the slide itself: the
 * visible layers are composited per instance ({@link ColorStack}) and rasterised into tile images
 * per level (downsample a power of two) on a background thread, once per style, and the JavaFX
 * thread only draws the images that are ready — a few per frame, one blend however many layers
 * are on and whatever the number of instances. While a tile is being made, the nearest coarser
 * tile stands in for it. Any style change starts a new generation of tiles.
 */
final class InstanceOverlay implements SlideOverlay {

  /** Tile edge in overlay pixels. */
  static final int TILE = 512;
  /** The finest overlay level puts at least this many pixels across a patch. */
  private static final int PIXELS_PER_PATCH = 32;

  /** One layer: what it shows, how, and whether it is on. */
  record Layer(InstanceMeasure measure, ColorScale scale, boolean visible) {
    Layer withVisible(boolean on) {
      return new Layer(measure, scale, on);
    }
  }

  private record Prepared(int generation, int[] colors) {}

  /** Layers and tile generation change together, so a renderer never pairs one with the other's. */
  private record State(List<Layer> layers, int generation) {
    boolean anyVisible() {
      return layers.stream().anyMatch(Layer::visible);
    }
  }

  private final String name;
  private final InstanceRaster raster;
  private final long slideWidth;
  private final long slideHeight;
  private final FxTileImages tiles;
  private final Executor renderer;
  private final Runnable repaint;
  private final int finest;
  private final int coarsest;
  private final Set<TileKey> pending = ConcurrentHashMap.newKeySet();
  private final ReadOnlyBooleanWrapper complete = new ReadOnlyBooleanWrapper(this, "complete");
  private volatile State state;
  private volatile Prepared prepared;

  /**
   * @param name distinguishes this overlay's tiles in logs and keys
   * @param renderer runs rasterisation (off the JavaFX thread)
   * @param repaint asks the canvas for a repaint; callable from any thread
   * @param maxBytes bound on the tile images kept
   */
  InstanceOverlay(String name, InstanceRaster raster, long slideWidth, long slideHeight, List<Layer> layers,
      Executor renderer, Runnable repaint, long maxBytes) {
    this.name = name;
    this.raster = raster;
    this.slideWidth = slideWidth;
    this.slideHeight = slideHeight;
    this.state = new State(List.copyOf(layers), 0);
    this.renderer = renderer;
    this.repaint = repaint;
    this.tiles = new FxTileImages(maxBytes);
    Instances instances = raster.index().instances();
    int smallest = Integer.MAX_VALUE;
    for (int i = 0; i < instances.size(); i++) {
      smallest = Math.min(smallest, Math.min(instances.width(i), instances.height(i)));
    }
    this.finest = instances.size() == 0 ? 0 : Math.max(0, log2Floor(smallest / PIXELS_PER_PATCH));
    int whole = 0;
    while (Math.max(slideWidth, slideHeight) > (long) TILE << whole) {
      whole++;
    }
    this.coarsest = Math.max(finest, whole);
  }

  // ---- state, FX thread -------------------------------------------------------------------------

  List<Layer> layers() {
    return state.layers();
  }

  Layer layer(int index) {
    return state.layers().get(index);
  }

  /** Changes one layer; the tiles are made again (on the renderer thread) if it changes anything. */
  void setLayer(int index, Layer next) {
    State old = state;
    if (old.layers().get(index).equals(next)) {
      return;
    }
    List<Layer> layers = new ArrayList<>(old.layers());
    layers.set(index, next);
    state = new State(List.copyOf(layers), old.generation() + 1);
    tiles.invalidate(sourceId(old.generation()));
    complete.set(false);
    repaint.run();
  }

  /** True when the last paint drew every tile of its level from this style (for tests). */
  ReadOnlyBooleanProperty completeProperty() {
    return complete.getReadOnlyProperty();
  }

  /** Level-0 pixels per overlay pixel at {@code level}. */
  static double downsample(int level) {
    return Math.scalb(1.0, level);
  }

  /** The overlay level for a view: the coarsest as sharp as the screen, within the levels made. */
  int levelFor(double viewDownsample) {
    int level = viewDownsample >= 1 ? log2Floor((long) Math.floor(viewDownsample)) : 0;
    return Math.clamp(level, finest, coarsest);
  }

  // ---- painting, FX thread ----------------------------------------------------------------------

  @Override
  public void paint(GraphicsContext gc, Viewport view) {
    State now = state;
    if (!now.anyVisible()) {
      complete.set(true);
      return;
    }
    int gen = now.generation();
    int target = levelFor(view.downsample());
    List<TileKey> wanted = tilesIn(view, target, gen);
    List<TileKey> missing = new ArrayList<>();
    gc.save();
    // Draw in screen pixels with snapped edges (as the slide does), so tiles meet without seams.
    gc.setTransform(new Affine());
    gc.setImageSmoothing(false);
    for (TileKey key : wanted) {
      Image image = tiles.get(key);
      if (image != null) {
        drawRegion(gc, view, image, key, key);
      } else {
        missing.add(key);
        drawCoarser(gc, view, key, gen);
      }
    }
    gc.restore();
    complete.set(missing.isEmpty());
    if (!missing.isEmpty()) {
      // The coarsest tiles first: they stand in everywhere while the sharp ones are made.
      for (TileKey key : tilesIn(view, coarsest, gen)) {
        request(key, gen);
      }
      missing.forEach(key -> request(key, gen));
    }
  }

  /** Where a tile is missing, the corresponding part of the nearest coarser tile that is ready. */
  private void drawCoarser(GraphicsContext gc, Viewport view, TileKey key, int gen) {
    for (int level = key.level() + 1; level <= coarsest; level++) {
      long span = (long) TILE << level;
      TileKey coarse = key(level, Math.floorDiv(key.x(), span), Math.floorDiv(key.y(), span), gen);
      Image image = tiles.get(coarse);
      if (image != null) {
        drawRegion(gc, view, image, coarse, key);
        return;
      }
    }
  }

  /** Draws the part of {@code image} (tile {@code source}) that covers tile {@code area}. */
  private static void drawRegion(GraphicsContext gc, Viewport view, Image image, TileKey source, TileKey area) {
    double d = downsample(source.level());
    double areaD = downsample(area.level());
    double ax1 = area.x() + area.width() * areaD;
    double ay1 = area.y() + area.height() * areaD;
    double sx = (area.x() - source.x()) / d;
    double sy = (area.y() - source.y()) / d;
    double sw = Math.min(source.width() - sx, (ax1 - area.x()) / d);
    double sh = Math.min(source.height() - sy, (ay1 - area.y()) / d);
    double x0 = Math.floor(view.screenX(area.x()));
    double y0 = Math.floor(view.screenY(area.y()));
    double x1 = Math.floor(view.screenX(area.x() + sw * d));
    double y1 = Math.floor(view.screenY(area.y() + sh * d));
    if (sw > 0 && sh > 0 && x1 > x0 && y1 > y0) {
      gc.drawImage(image, sx, sy, sw, sh, x0, y0, x1 - x0, y1 - y0);
    }
  }

  /** The tiles of {@code level} that intersect the view, nearest its centre first. */
  private List<TileKey> tilesIn(Viewport view, int level, int gen) {
    long span = (long) TILE << level;
    long c0 = Math.max(0, (long) Math.floor(view.minX() / span));
    long r0 = Math.max(0, (long) Math.floor(view.minY() / span));
    long c1 = Math.min((slideWidth - 1) / span, (long) Math.floor(view.maxX() / span));
    long r1 = Math.min((slideHeight - 1) / span, (long) Math.floor(view.maxY() / span));
    List<TileKey> keys = new ArrayList<>();
    for (long r = r0; r <= r1; r++) {
      for (long c = c0; c <= c1; c++) {
        keys.add(key(level, c, r, gen));
      }
    }
    double cx = view.centerX() / span;
    double cy = view.centerY() / span;
    keys.sort(Comparator.comparingDouble(k -> {
      double dx = k.x() / (double) span + 0.5 - cx;
      double dy = k.y() / (double) span + 0.5 - cy;
      return dx * dx + dy * dy;
    }));
    return keys;
  }

  /** Tile at column c, row r of a level: its level-0 corner and its size in overlay pixels. */
  private TileKey key(int level, long c, long r, int gen) {
    long span = (long) TILE << level;
    long x = c * span;
    long y = r * span;
    double d = downsample(level);
    int w = (int) Math.min(TILE, (long) Math.ceil((slideWidth - x) / d));
    int h = (int) Math.min(TILE, (long) Math.ceil((slideHeight - y) / d));
    return new TileKey(sourceId(gen), level, x, y, w, h);
  }

  private String sourceId(int gen) {
    return name + "#" + gen;
  }

  // ---- rasterising, renderer thread ---------------------------------------------------------------

  private void request(TileKey key, int gen) {
    if (tiles.contains(key) || !pending.add(key)) {
      return;
    }
    try {
      renderer.execute(() -> render(key, gen));
    } catch (RejectedExecutionException e) {
      pending.remove(key); // the window is closing
    }
  }

  private void render(TileKey key, int gen) {
    try {
      State now = state;
      if (gen != now.generation()) {
        return; // the style changed since it was asked for
      }
      int[] colors = colors(now);
      double d = downsample(key.level());
      int[] pixels = raster.render(colors, key.x(), key.y(), d, key.width(), key.height());
      if (gen == state.generation()) {
        tiles.put(key, new ArgbImage(key.width(), key.height(), pixels));
        repaint.run();
      }
    } finally {
      pending.remove(key);
    }
  }

  /** The colour per instance for a generation, computed once (ranks for percentiles sort the bag). */
  private int[] colors(State now) {
    Prepared p = prepared;
    if (p != null && p.generation() == now.generation()) {
      return p.colors();
    }
    Instances instances = raster.index().instances();
    List<int[]> visible = new ArrayList<>();
    for (Layer layer : now.layers()) {
      if (layer.visible()) {
        visible.add(layer.scale().colors(layer.measure().values(instances)));
      }
    }
    int[] colors = visible.size() == 1 ? visible.getFirst() : ColorStack.over(visible);
    prepared = new Prepared(now.generation(), colors);
    return colors;
  }

  private static int log2Floor(long v) {
    return v <= 1 ? 0 : 63 - Long.numberOfLeadingZeros(v);
  }
}
