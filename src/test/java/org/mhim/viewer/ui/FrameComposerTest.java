package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mhim.viewer.slide.ArgbImage;
import org.mhim.viewer.slide.SlideLevel;
import org.mhim.viewer.slide.SlideMetadata;
import org.mhim.viewer.slide.TileKey;

/**
 * The composer's frames: a frame after a pan (the previous one shifted, only the uncovered strips
 * composed) equals a frame composed from scratch, missing tiles are requested coarse level first,
 * then the view's, and reported as incomplete, and a frame's pixels (shared, not copied) are not
 * composed into again while the canvas shows them.
 */
class FrameComposerTest {

  private static final int BACKGROUND = 0xFF202020;
  private final SlideMetadata slide =
      new SlideMetadata(
          Path.of("s.tif"), "generic-tiff",
          List.of(new SlideLevel(4000, 3000, 1), new SlideLevel(1000, 750, 4)),
          OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), Map.of(), List.of());
  private final TileGrid grid = new TileGrid("s", slide, 64);

  private TilePixels allTiles() {
    TilePixels tiles = new TilePixels(1L << 30);
    SplittableRandom random = new SplittableRandom(3);
    for (int level = 0; level < 2; level++) {
      SlideLevel l = slide.level(level);
      for (long r = 0; r * 64 < l.height(); r++) {
        for (long c = 0; c * 64 < l.width(); c++) {
          TileKey key = grid.tile(level, c, r).key();
          int[] px = new int[key.width() * key.height()];
          for (int i = 0; i < px.length; i++) {
            px[i] = 0xFF000000 | random.nextInt(0x1000000);
          }
          tiles.put(key, new ArgbImage(key.width(), key.height(), px));
        }
      }
    }
    return tiles;
  }

  @Test
  void aPannedFrameEqualsOneComposedFromScratch() {
    TilePixels tiles = allTiles();
    for (boolean smooth : new boolean[] {false, true}) {
      Viewport start = new Viewport(1500.3, 1200.7, 1.7, 300, 200);
      try (FrameComposer panning = composer(tiles, new ArrayList<>());
          FrameComposer fresh = composer(tiles, new ArrayList<>())) {
        panning.compose(new FrameComposer.Request(start, smooth, BACKGROUND));
        Viewport view = start;
        // Small pans both ways, then one larger than the margin.
        for (double[] by : new double[][] {{13.4, -7.2}, {-40, 25.5}, {3, 0}, {0, -90}, {-250, 170}}) {
          view = view.pan(by[0], by[1]);
          FrameComposer.Frame shifted = panning.compose(new FrameComposer.Request(view, smooth, BACKGROUND));
          FrameComposer.Frame scratch = fresh.compose(new FrameComposer.Request(view, smooth, BACKGROUND));
          assertEquals(scratch.originX(), shifted.originX());
          assertEquals(scratch.originY(), shifted.originY());
          assertArrayEquals(scratch.pixels(), shifted.pixels(), "after a pan by " + by[0] + ", " + by[1] + " (smooth " + smooth + ")");
          assertTrue(shifted.complete());
        }
      }
    }
  }

  @Test
  void tilesArrivingOneByOneRepaintToTheFrameComposedFromScratch() {
    TilePixels all = allTiles();
    for (boolean smooth : new boolean[] {false, true}) {
      TilePixels loading = new TilePixels(1L << 30);
      Viewport view = new Viewport(1500.3, 1200.7, 1.7, 300, 200);
      List<List<TileKey>> requests = new ArrayList<>();
      try (FrameComposer composer = composer(loading, requests)) {
        composer.compose(new FrameComposer.Request(view, smooth, BACKGROUND));
        // Load what the composer asks for, a few tiles per frame, panning a little now and then.
        for (int frame = 0; frame < 60 && !stillWanted(requests, loading).isEmpty(); frame++) {
          List<TileKey> wanted = stillWanted(requests, loading);
          for (TileKey key : wanted.subList(0, Math.min(3, wanted.size()))) {
            loading.put(key, all.get(key));
            composer.tileArrived(key);
          }
          if (frame % 4 == 3) {
            view = view.pan(11, -6);
          }
          FrameComposer.Frame repainted = composer.compose(new FrameComposer.Request(view, smooth, BACKGROUND));
          try (FrameComposer fresh = composer(loading, new ArrayList<>())) {
            FrameComposer.Frame scratch = fresh.compose(new FrameComposer.Request(view, smooth, BACKGROUND));
            assertArrayEquals(scratch.pixels(), repainted.pixels(), "frame " + frame + " (smooth " + smooth + ")");
          }
        }
        assertTrue(stillWanted(requests, loading).isEmpty(), "everything asked for loaded");
      }
    }
  }

  @Test
  void aFramesPixelsAreComposedIntoAgainOnlyOnceTheCanvasAndTheComposerLetGo() {
    TilePixels tiles = allTiles();
    try (FrameComposer composer = composer(tiles, new ArrayList<>())) {
      Viewport view = new Viewport(1500.3, 1200.7, 1.7, 300, 200);
      FrameComposer.Frame shown = composer.compose(new FrameComposer.Request(view, false, BACKGROUND));
      int[] onScreen = shown.pixels().clone();
      // Zooms: whole new frames, while the canvas still shows the first one.
      for (int i = 1; i <= 4; i++) {
        FrameComposer.Frame next = composer.compose(new FrameComposer.Request(view.withDownsample(1.7 + 0.3 * i), false, BACKGROUND));
        assertNotSame(shown.pixels(), next.pixels(), "zoom " + i + " composed into the frame on screen");
        composer.release(next.shared()); // the canvas let go of this one at once
      }
      assertArrayEquals(onScreen, shown.pixels(), "the frame on screen was left as it was");
      // Once the canvas lets go too, its array is used again (the composer already had).
      composer.release(shown.shared());
      FrameComposer.Frame later = composer.compose(new FrameComposer.Request(view.withDownsample(4), false, BACKGROUND));
      FrameComposer.Frame again = composer.compose(new FrameComposer.Request(view.withDownsample(5), false, BACKGROUND));
      assertTrue(later.pixels() == shown.pixels() || again.pixels() == shown.pixels(), "released pixels are reused");
      assertNotSame(later.pixels(), again.pixels(), "never composed into the frame it keeps for the next pan");
    }
  }

  @Test
  void aBurstOfDeferredRefreshesComposesOneFrameWithEveryTileArrivedSoFar() throws Exception {
    TilePixels all = allTiles();
    TilePixels loading = new TilePixels(1L << 30);
    Semaphore frames = new Semaphore(0);
    List<List<TileKey>> requests = new CopyOnWriteArrayList<>();
    Viewport view = new Viewport(1500.3, 1200.7, 1.7, 300, 200);
    FrameComposer.Request request = new FrameComposer.Request(view, false, BACKGROUND);
    try (FrameComposer composer = new FrameComposer(grid, loading, key -> false, requests::add, frames::release)) {
      composer.request(request);
      assertTrue(frames.tryAcquire(5, TimeUnit.SECONDS));
      composer.release(composer.takeFrame().shared());
      List<TileKey> wanted = requests.getLast();
      for (TileKey key : wanted.subList(0, 5)) {
        loading.put(key, all.get(key));
        composer.tileArrived(key);
        composer.refreshWithin(200_000_000);
      }
      assertTrue(frames.tryAcquire(5, TimeUnit.SECONDS), "the deferred refresh composed a frame");
      FrameComposer.Frame refreshed = composer.takeFrame();
      try (FrameComposer fresh = composer(loading, new ArrayList<>())) {
        assertArrayEquals(fresh.compose(request).pixels(), refreshed.pixels(), "the frame shows the five tiles");
      }
      assertFalse(frames.tryAcquire(400, TimeUnit.MILLISECONDS), "one frame for the burst");
      // A view requested meanwhile is composed at once, with the tiles arrived before it.
      TileKey late = wanted.get(5);
      loading.put(late, all.get(late));
      composer.tileArrived(late);
      composer.refreshWithin(60_000_000_000L);
      composer.request(request);
      assertTrue(frames.tryAcquire(5, TimeUnit.SECONDS), "a request does not wait for the refresh");
      try (FrameComposer fresh = composer(loading, new ArrayList<>())) {
        assertArrayEquals(fresh.compose(request).pixels(), composer.takeFrame().pixels());
      }
    }
  }

  /** What the composer asked for last that is not loaded yet (the scheduler's wish list). */
  private static List<TileKey> stillWanted(List<List<TileKey>> requests, TilePixels loaded) {
    return requests.getLast().stream().filter(key -> !loaded.contains(key)).toList();
  }

  @Test
  void missingTilesAreRequestedCoarsestFirstAndTheFrameIsIncomplete() {
    TilePixels tiles = new TilePixels(1L << 30);
    List<List<TileKey>> requests = new ArrayList<>();
    try (FrameComposer composer = composer(tiles, requests)) {
      Viewport view = new Viewport(2000, 1500, 1, 300, 200);
      FrameComposer.Frame frame = composer.compose(new FrameComposer.Request(view, false, BACKGROUND));
      assertFalse(frame.complete());
      List<TileKey> wanted = requests.getLast();
      assertEquals(1, wanted.getFirst().level(), "the coarsest level first");
      TileKey centre = grid.tilesIn(2000, 1500, 2000, 1500, 0, 2000, 1500).getFirst().key();
      assertTrue(wanted.contains(centre));
      assertTrue(wanted.indexOf(centre) < wanted.size() - 1, "the view's centre before the margin");
      for (int p : frame.pixels()) {
        assertEquals(BACKGROUND, p, "nothing loaded: background only");
      }
    }
  }

  @Test
  void tilesBeyondTheViewAreRequestedForPansNotForZooms() {
    TilePixels tiles = new TilePixels(1L << 30);
    List<List<TileKey>> requests = new ArrayList<>();
    try (FrameComposer composer = composer(tiles, requests)) {
      Viewport view = new Viewport(2000, 1500, 1, 300, 200);
      composer.compose(new FrameComposer.Request(view, false, BACKGROUND));
      Viewport zoomed = view.withDownsample(1.1);
      composer.compose(new FrameComposer.Request(zoomed, false, BACKGROUND));
      assertEquals(0, beyondView(requests.getLast(), zoomed), "a zoom frame asks for its view only");
      Viewport panned = zoomed.pan(20, 10);
      composer.compose(new FrameComposer.Request(panned, false, BACKGROUND));
      assertTrue(beyondView(requests.getLast(), panned) > 0, "a pan frame also asks for the margin's tiles");
    }
  }

  /** How many of {@code wanted} are tiles of the view's level outside the view. */
  private long beyondView(List<TileKey> wanted, Viewport view) {
    int level = grid.levelFor(view.downsample());
    List<TileKey> inView = grid.visibleTiles(view, level).stream().map(TileGrid.Tile::key).toList();
    return wanted.stream().filter(key -> key.level() == level && !inView.contains(key)).count();
  }

  private FrameComposer composer(TilePixels tiles, List<List<TileKey>> requests) {
    return new FrameComposer(grid, tiles, key -> false, requests::add, () -> {});
  }
}
