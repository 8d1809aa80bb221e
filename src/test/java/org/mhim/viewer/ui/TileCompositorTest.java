package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.mhim.viewer.slide.ArgbImage;
import org.mhim.viewer.slide.SlideLevel;
import org.mhim.viewer.slide.SlideMetadata;
import org.mhim.viewer.slide.TileKey;

/**
 * The compositor resamples tiles into a frame: exact copies at a level's own scale, bilinear
 * blends across tile seams at rest, and untouched pixels where tiles are missing or the slide ends.
 * Tiles are 16 pixels so that a small frame crosses many seams.
 */
class TileCompositorTest {

  private static final int BACKGROUND = 0xFF123456;
  private final SlideMetadata slide =
      new SlideMetadata(
          Path.of("s.tif"), "generic-tiff",
          List.of(new SlideLevel(200, 120, 1), new SlideLevel(100, 60, 2)),
          OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), Map.of(), List.of());
  private final TileGrid grid = new TileGrid("s", slide, 16);
  private final Map<TileKey, ArgbImage> tiles = new HashMap<>();

  /** A level pixel's colour: red and green follow x and y (mod 256), blue tells the level. */
  private static int pixel(int level, long x, long y) {
    return 0xFF000000 | (int) ((x * 7) & 0xFF) << 16 | (int) ((y * 5) & 0xFF) << 8 | level * 100;
  }

  private void loadAll(int level) {
    SlideLevel l = slide.level(level);
    for (long r = 0; r * 16 < l.height(); r++) {
      for (long c = 0; c * 16 < l.width(); c++) {
        TileGrid.Tile tile = grid.tile(level, c, r);
        int w = tile.key().width();
        int h = tile.key().height();
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            px[y * w + x] = pixel(level, c * 16 + x, r * 16 + y);
          }
        }
        tiles.put(tile.key(), new ArgbImage(w, h, px));
      }
    }
  }

  private int[] frame(int width, int height) {
    int[] frame = new int[width * height];
    Arrays.fill(frame, BACKGROUND);
    return frame;
  }

  @Test
  void atTheLevelsOwnScaleEveryPixelIsCopiedExactly() {
    loadAll(1);
    for (boolean smooth : new boolean[] {false, true}) {
      int[] frame = frame(70, 40);
      // Origin on level-1 pixel (13, 7): level-0 (26, 14), two level-0 pixels per frame pixel.
      new TileCompositor(grid).paintLevel(frame, 70, 40, 26, 14, 2, 1, tiles::get, smooth);
      for (int y = 0; y < 40; y++) {
        for (int x = 0; x < 70; x++) {
          assertEquals(pixel(1, 13 + x, 7 + y), frame[y * 70 + x], "smooth " + smooth + " at " + x + "," + y);
        }
      }
    }
  }

  @Test
  void smoothDownscalingBlendsNeighboursAcrossTileSeams() {
    loadAll(0);
    int w = 60;
    int h = 30;
    int[] frame = frame(w, h);
    double ds = 1.37; // level 0 shown a little smaller: every frame pixel falls between four level pixels
    new TileCompositor(grid).paintLevel(frame, w, h, 3.3, 5.1, ds, 0, tiles::get, true);
    int worst = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        // Reference bilinear in doubles, pixel centres at i + ½.
        double u = 3.3 + (x + 0.5) * ds - 0.5;
        double v = 5.1 + (y + 0.5) * ds - 0.5;
        int i = (int) Math.floor(u);
        int j = (int) Math.floor(v);
        double fx = u - i;
        double fy = v - j;
        for (int shift : new int[] {16, 8}) {
          double want = (1 - fy) * ((1 - fx) * channel(0, i, j, shift) + fx * channel(0, i + 1, j, shift))
              + fy * ((1 - fx) * channel(0, i, j + 1, shift) + fx * channel(0, i + 1, j + 1, shift));
          worst = Math.max(worst, (int) Math.abs(Math.round(want) - ((frame[y * w + x] >> shift) & 0xFF)));
        }
      }
    }
    assertTrue(worst <= 2, "bilinear differs from the reference by " + worst);
  }

  private static int channel(int level, int x, int y, int shift) {
    return (pixel(level, x, y) >> shift) & 0xFF;
  }

  @Test
  void missingTilesAndPixelsBeyondTheSlideAreLeftForCoarserLevels() {
    loadAll(1);
    TileGrid.Tile absent = grid.tile(1, 1, 1);
    tiles.remove(absent.key());
    int w = 80;
    int h = 50;
    int[] frame = frame(w, h);
    // Origin at level-0 (60, 40) = level-1 (30, 20); the slide's level 1 ends at x 100, y 60.
    new TileCompositor(grid).paintLevel(frame, w, h, 60, 40, 2, 1, tiles::get, false);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        long lx = 30 + x;
        long ly = 20 + y;
        boolean beyond = lx >= 100 || ly >= 60;
        boolean inAbsent = lx / 16 == 1 && ly / 16 == 1;
        int want = beyond || inAbsent ? BACKGROUND : pixel(1, lx, ly);
        assertEquals(want, frame[y * w + x], "at " + x + "," + y);
      }
    }
  }

  @Test
  void lerpBlendsEachChannelByItsWeight() {
    int p = 0xFF10C020;
    int q = 0x8000F0E0;
    for (int w = 0; w <= 256; w += 32) {
      int got = TileCompositor.lerp(p, q, w);
      for (int shift = 0; shift < 32; shift += 8) {
        int a = (p >>> shift) & 0xFF;
        int b = (q >>> shift) & 0xFF;
        int want = (a * (256 - w) + b * w) >> 8;
        assertEquals(want, (got >>> shift) & 0xFF, "weight " + w + " channel " + shift);
      }
    }
  }
}
