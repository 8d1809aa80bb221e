package org.mhim.viewer.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.mhim.viewer.slide.TileKey;

/**
 * Composes what the canvas shows, off the JavaFX thread: for the latest requested view, one frame
 * of screen pixels (plus a margin on every side, so short pans need no new frame) resampled from
 * the loaded tiles, coarse levels first under missing fine ones. The canvas then shows the
 * frame's own pixels as an image (no copy) and draws it at whole-pixel offsets, unscaled — the
 * one kind of image drawing the software pipeline does quickly.
 *
 * <p>Latest wins: a view requested while a frame is being composed replaces any older request,
 * and a tile arriving re-composes the latest view. The composer also tells the tile scheduler what
 * is missing, nearest the view centre first, so requests follow the view. Neither {@link
 * #request} nor {@link #takeFrame} blocks.
 */
final class FrameComposer implements AutoCloseable {

  /** Pixels composed beyond each edge of the view (free pans of this many pixels). */
  static final int MARGIN = 64;

  /**
   * Whether the frame composed for {@code composed} may stand in for {@code view} during a pan:
   * the same zoom and size, and its pixels (view plus margin) covering the view with half the
   * margin to spare for the frames until the next one arrives. (A zoom always gets a new frame:
   * the software pipeline draws a scaled frame several times slower than it composes one.)
   */
  static boolean standsIn(Viewport composed, Viewport view) {
    double ds = composed.downsample();
    if (ds != view.downsample() || composed.width() != view.width() || composed.height() != view.height()) {
      return false;
    }
    double minX = (Math.floor(composed.minX() / ds) - MARGIN) * ds;
    double minY = (Math.floor(composed.minY() / ds) - MARGIN) * ds;
    double maxX = minX + (Math.ceil(composed.width()) + 2 * MARGIN + 1) * ds;
    double maxY = minY + (Math.ceil(composed.height()) + 2 * MARGIN + 1) * ds;
    double spare = MARGIN / 2.0 * view.downsample();
    return view.minX() - spare >= minX && view.minY() - spare >= minY
        && view.maxX() + spare <= maxX && view.maxY() + spare <= maxY;
  }

  /**
   * What to compose.
   *
   * @param view the canvas view
   * @param smooth bilinear (at rest) rather than nearest neighbour (while moving)
   * @param background premultiplied ARGB shown where the slide is not
   */
  record Request(Viewport view, boolean smooth, int background) {}

  /**
   * One composed frame: pixel (px, py) shows level-0 point ({@code originX + (px + ½)·downsample},
   * …).
   *
   * @param complete every tile of the view's level in view was loaded (or failed to load)
   */
  record Frame(Request request, int width, int height, double originX, double originY, Pixels shared, boolean complete) {
    double downsample() {
      return request.view().downsample();
    }

    /** The frame's premultiplied ARGB pixels, row major; read them, never write them. */
    int[] pixels() {
      return shared.values;
    }
  }

  /**
   * A frame's pixels, shared without copying: the composer keeps them for the next pan (it
   * shifts them into the next frame) while the canvas shows them, and both let go with {@link
   * #release} before they are composed into again.
   */
  static final class Pixels {
    private final int[] values;
    private final AtomicInteger holders = new AtomicInteger();
    /** What the canvas made of these pixels (an image over them), reused with them; FX thread only. */
    Object shownAs;

    private Pixels(int size) {
      values = new int[size];
    }
  }

  /** A frame as the composer keeps it: where it lies on the pixel grid and which tiles it saw. */
  private record Composed(Request request, long gridX, long gridY, int width, int height, Pixels pixels) {}

  private final TileGrid grid;
  private final TilePixels tiles;
  private final Predicate<TileKey> failed;
  private final Consumer<List<TileKey>> requestTiles;
  private final Runnable onFrame;
  private final TileCompositor compositor;
  private final AtomicBoolean wanted = new AtomicBoolean();
  private final AtomicReference<Frame> ready = new AtomicReference<>();
  private final ConcurrentLinkedQueue<Pixels> spare = new ConcurrentLinkedQueue<>();
  /** Tiles loaded since the composer last looked: only their part of the frame changes. */
  private final ConcurrentLinkedQueue<TileKey> arrived = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private volatile Request latest;
  /** When a deferred refresh is due ({@link System#nanoTime}), or 0 for none. */
  private final AtomicLong refreshDue = new AtomicLong();
  /** The last frame composed, kept by the composer thread for the next pan. */
  private Composed previous = new Composed(null, 0, 0, 0, 0, null);
  /** The view (and whether it moved) whose missing tiles were asked for last. */
  private Viewport askedFor;
  private boolean askedMoving;
  /** Arrived tiles drained for the frame being composed (the composer thread's scratch list). */
  private final List<TileKey> fresh = new ArrayList<>();
  /** The pixels of the frame being composed (the composer thread's). */
  private int[] work;
  private volatile boolean closed;

  /**
   * @param failed tiles that could not be read (not waited for, not requested again)
   * @param requestTiles told, on the composer thread, which tiles are missing, most wanted first
   * @param onFrame told, on the composer thread, that {@link #takeFrame} has a new frame
   */
  FrameComposer(
      TileGrid grid, TilePixels tiles, Predicate<TileKey> failed, Consumer<List<TileKey>> requestTiles, Runnable onFrame) {
    this.grid = grid;
    this.tiles = tiles;
    this.failed = failed;
    this.requestTiles = requestTiles;
    this.onFrame = onFrame;
    this.compositor = new TileCompositor(grid);
    this.thread = new Thread(this::run, "frame-composer");
    thread.setDaemon(true);
    thread.start();
  }

  /** Composes {@code request} next, replacing any request not started yet. */
  void request(Request request) {
    latest = request;
    wake();
  }

  /**
   * Says that {@code key} is now in the tile store (call after putting it there, then {@link
   * #refresh}): the next frame repaints only that tile's part. Any thread.
   */
  void tileArrived(TileKey key) {
    arrived.offer(key);
  }

  /** Composes the latest view again (a tile arrived). Any thread. */
  void refresh() {
    if (latest != null) {
      wake();
    }
  }

  /**
   * Composes the latest view again within {@code delayNanos}, unless a frame is composed sooner
   * anyway: tiles arrive in bursts, and each frame costs the JavaFX and render threads a whole
   * upload and redraw that would otherwise take the cores from the tiles still decoding. A refresh
   * already due sooner stays. Any thread.
   */
  void refreshWithin(long delayNanos) {
    long due = System.nanoTime() + delayNanos;
    if (latest != null && refreshDue.compareAndSet(0, due)) {
      LockSupport.unpark(thread); // to park until then
    }
  }

  /**
   * The newest frame not taken yet, or null. Its pixels stay valid until the taker gives them
   * back with {@link #release} (once nothing reads them any more).
   */
  Frame takeFrame() {
    return ready.getAndSet(null);
  }

  /** Lets go of a taken frame's pixels; they are reused once the composer let go too. Any thread. */
  void release(Pixels pixels) {
    if (pixels.holders.decrementAndGet() == 0) {
      spare.offer(pixels);
    }
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
  }

  private void wake() {
    wanted.set(true);
    LockSupport.unpark(thread);
  }

  private void run() {
    while (!closed) {
      if (!wanted.getAndSet(false)) {
        long due = refreshDue.get();
        if (due == 0) {
          LockSupport.park(this);
          continue;
        }
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(this, wait);
          continue;
        }
      }
      // This frame includes every tile arrived so far: a deferred refresh is no longer needed.
      refreshDue.set(0);
      Request request = latest; // read after clearing the flag: a newer request sets it again
      Viewport view = request.view();
      if (view.width() < 1 || view.height() < 1) {
        continue;
      }
      Frame frame;
      try {
        frame = compose(request);
      } catch (RuntimeException e) {
        // A bug, not a user error: report it like any uncaught exception, and keep the view alive.
        thread.getUncaughtExceptionHandler().uncaughtException(thread, e);
        continue;
      }
      Frame replaced = ready.getAndSet(frame);
      if (replaced != null) {
        release(replaced.shared()); // never taken
      }
      onFrame.run();
    }
  }

  /**
   * Composes one frame and asks for the tiles it lacked. Frames lie on a grid of whole screen
   * pixels at their zoom, so after a pan at the same zoom the previous frame is shifted by whole
   * pixels and only the uncovered strips are composed; tiles that arrived since the previous
   * frame are repainted where they lie. A new zoom (or a new coarsest level under the view, or
   * the switch to smooth resampling) composes the whole frame.
   */
  Frame compose(Request request) {
    Viewport view = request.view();
    double ds = view.downsample();
    // Before reading any tile: one arriving later is repainted by the next frame.
    fresh.clear();
    for (TileKey key; (key = arrived.poll()) != null; ) {
      fresh.add(key);
    }
    int width = (int) Math.ceil(view.width()) + 2 * MARGIN + 1;
    int height = (int) Math.ceil(view.height()) + 2 * MARGIN + 1;
    long gridX = (long) Math.floor(view.minX() / ds) - MARGIN;
    long gridY = (long) Math.floor(view.minY() / ds) - MARGIN;
    double originX = gridX * ds;
    double originY = gridY * ds;

    int target = grid.levelFor(ds);
    List<TileGrid.Tile> inView = grid.visibleTiles(view, target);
    boolean complete = true;
    for (TileGrid.Tile t : inView) {
      complete &= tiles.contains(t.key()) || failed.test(t.key());
    }
    // Coarse to fine from the finest level that covers the whole frame (anything under it would be
    // hidden). Covering the frame, not just the view, makes a shifted frame exact whatever that
    // level was when its pixels were painted: each pixel shows the finest loaded level either way.
    int first = firstCoveringLevel(originX + ds / 2, originY + ds / 2, originX + (width - 0.5) * ds,
        originY + (height - 0.5) * ds, target);
    boolean moving = !request.smooth();
    // Frames of a view still loading are soon replaced: compose them the fast way, and smooth
    // only the complete one that stays.
    if (request.smooth() && !complete) {
      request = new Request(view, false, request.background());
    }
    Pixels into = buffer(width * height);
    work = into.values;
    long dx = gridX - previous.gridX;
    long dy = gridY - previous.gridY;
    boolean shift = previous.pixels != null && previous.width == width && previous.height == height
        && previous.request.view().downsample() == ds && previous.request.smooth() == request.smooth()
        && previous.request.background() == request.background()
        && Math.abs(dx) < width && Math.abs(dy) < height;
    if (shift) {
      shiftInto(work, previous.pixels.values, width, height, (int) dx, (int) dy);
      // The strips the shift uncovered: rows above or below, then columns beside the rest.
      int rowsFrom = dy < 0 ? 0 : height - (int) dy;
      int rowsTo = dy < 0 ? (int) -dy : height;
      paint(request, originX, originY, width, height, first, target, 0, rowsFrom, width, rowsTo);
      int keptFrom = dy < 0 ? (int) -dy : 0;
      int keptTo = dy < 0 ? height : height - (int) dy;
      int colsFrom = dx < 0 ? 0 : width - (int) dx;
      int colsTo = dx < 0 ? (int) -dx : width;
      paint(request, originX, originY, width, height, first, target, colsFrom, keptFrom, colsTo, keptTo);
      for (TileKey key : fresh) {
        repaintTile(key, request, originX, originY, width, height, first, target);
      }
    } else {
      paint(request, originX, originY, width, height, first, target, 0, 0, width, height);
    }
    // No copy: the composer keeps these pixels for the next pan, the frame hands them to the canvas.
    into.holders.set(2);
    Pixels before = previous.pixels;
    previous = new Composed(request, gridX, gridY, width, height, into);
    if (before != null) {
      release(before);
    }
    // The same view again (a tile arrived): the scheduler's wish list already says it all.
    if (!view.equals(askedFor) || moving != askedMoving) {
      // The margin is for the next pan: a zoom moves on to other tiles before it would be shown.
      boolean panning = moving && (askedFor == null || askedFor.downsample() == view.downsample());
      requestMissing(view, target, inView, originX, originY, width, height, panning);
      askedFor = view;
      askedMoving = moving;
    }
    return new Frame(request, width, height, originX, originY, into, complete);
  }

  /** Fills frame rectangle [x0, x1) × [y0, y1) of {@link #work} with tiles, background where none. */
  private void paint(Request request, double originX, double originY, int width, int height,
      int first, int target, int x0, int y0, int x1, int y1) {
    if (x0 >= x1 || y0 >= y1) {
      return;
    }
    // Each pixel once, from the finest level loaded there (not coarse levels painted under fine ones).
    compositor.paintFinest(work, width, height, originX, originY, request.view().downsample(), target, first,
        tiles::get, request.smooth(), request.background(), x0, y0, x1, y1);
  }

  /**
   * Repaints the frame pixels that tile {@code key} covers (and two more on every side, which
   * smooth resampling may have blended with it), if its level is one the frame shows.
   */
  private void repaintTile(TileKey key, Request request, double originX, double originY,
      int width, int height, int first, int target) {
    if (key.level() < target || key.level() > first || !key.sourceId().equals(grid.sourceId())) {
      return;
    }
    double ds = request.view().downsample();
    double levelDs = grid.metadata().level(key.level()).downsample();
    int x0 = Math.max(0, (int) Math.floor((key.x() - originX) / ds) - 2);
    int y0 = Math.max(0, (int) Math.floor((key.y() - originY) / ds) - 2);
    int x1 = (int) Math.min(width, Math.ceil((key.x() + key.width() * levelDs - originX) / ds) + 2);
    int y1 = (int) Math.min(height, Math.ceil((key.y() + key.height() * levelDs - originY) / ds) + 2);
    paint(request, originX, originY, width, height, first, target, x0, y0, x1, y1);
  }

  /** Copies {@code from} into {@code to} moved by (−dx, −dy) pixels: what a pan by (dx, dy) keeps. */
  private static void shiftInto(int[] to, int[] from, int width, int height, int dx, int dy) {
    int rowFrom = Math.max(0, -dy);
    int rowTo = Math.min(height, height - dy);
    int colFrom = Math.max(0, -dx);
    int colTo = Math.min(width, width - dx);
    for (int y = rowFrom; y < rowTo; y++) {
      System.arraycopy(from, (y + dy) * width + colFrom + dx, to, y * width + colFrom, colTo - colFrom);
    }
  }

  private Pixels buffer(int size) {
    Pixels b;
    while ((b = spare.poll()) != null) {
      if (b.values.length == size) {
        return b;
      }
    }
    return new Pixels(size);
  }

  /**
   * The finest level from {@code target} up whose tiles under the level-0 rectangle (the frame's
   * pixel centres) are all loaded; else the coarsest.
   */
  private int firstCoveringLevel(double minX, double minY, double maxX, double maxY, int target) {
    for (int level = target; level < grid.coarsestLevel(); level++) {
      boolean all = true;
      for (TileGrid.Tile t : grid.tilesIn(minX, minY, maxX, maxY, level, minX, minY)) {
        all &= tiles.contains(t.key());
      }
      if (all) {
        return level;
      }
    }
    return grid.coarsestLevel();
  }

  /**
   * The coarsest level first (one or two tiles that give every later view a fallback), then the
   * view's tiles nearest the centre first, then, while the view pans, those in the margin (ready
   * for the next pan).
   */
  private void requestMissing(Viewport view, int target, List<TileGrid.Tile> inView,
      double originX, double originY, int width, int height, boolean panning) {
    List<TileKey> missing = new ArrayList<>();
    int coarsest = grid.coarsestLevel();
    if (coarsest != target) {
      for (TileGrid.Tile tile : grid.visibleTiles(view, coarsest)) {
        addIfMissing(missing, tile.key());
      }
    }
    for (TileGrid.Tile tile : inView) {
      addIfMissing(missing, tile.key());
    }
    double ds = view.downsample();
    for (TileGrid.Tile tile : !panning ? List.<TileGrid.Tile>of() : grid.tilesIn(originX, originY, originX + width * ds, originY + height * ds,
        target, view.centerX(), view.centerY())) {
      if (!missing.contains(tile.key())) {
        addIfMissing(missing, tile.key());
      }
    }
    requestTiles.accept(missing);
  }

  private void addIfMissing(List<TileKey> missing, TileKey key) {
    if (!tiles.contains(key) && !failed.test(key)) {
      missing.add(key);
    }
  }
}
