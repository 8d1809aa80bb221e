package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
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
      new TileCompositor(grid).paintLevel(frame, 70, 40, 26, 14, 2, 1, tiles::get, smooth, 0, 0, 70, 40);
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
    new TileCompositor(grid).paintLevel(frame, w, h, 3.3, 5.1, ds, 0, tiles::get, true, 0, 0, w, h);
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
    new TileCompositor(grid).paintLevel(frame, w, h, 60, 40, 2, 1, tiles::get, false, 0, 0, w, h);
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

  /** Three levels with uneven sizes and downsamples, so level edges fall between frame pixels. */
  private final SlideMetadata pyramid =
      new SlideMetadata(
          Path.of("p.tif"), "generic-tiff",
          List.of(new SlideLevel(203, 121, 1), new SlideLevel(102, 61, 1.99), new SlideLevel(51, 31, 3.98)),
          OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), Map.of(), List.of());
  private final TileGrid pyramidGrid = new TileGrid("p", pyramid, 16);

  /** Loads each tile of {@code level} with probability {@code share}. */
  private void loadSome(int level, double share, Random random) {
    SlideLevel l = pyramid.level(level);
    for (long r = 0; r * 16 < l.height(); r++) {
      for (long c = 0; c * 16 < l.width(); c++) {
        TileKey key = pyramidGrid.tile(level, c, r).key();
        if (random.nextDouble() < share) {
          int[] px = new int[key.width() * key.height()];
          for (int y = 0; y < key.height(); y++) {
            for (int x = 0; x < key.width(); x++) {
              px[y * key.width() + x] = pixel(level, c * 16 + x, r * 16 + y);
            }
          }
          tiles.put(key, new ArgbImage(key.width(), key.height(), px));
        }
      }
    }
  }

  @Test
  void paintingEachPixelOnceGivesTheSamePixelsAsPaintingCoarseLevelsUnderFineOnes() {
    Random random = new Random(7);
    int w = 90;
    int h = 57;
    for (int trial = 0; trial < 40; trial++) {
      tiles.clear();
      loadSome(0, random.nextDouble(), random);
      loadSome(1, random.nextDouble(), random);
      loadSome(2, random.nextDouble(), random);
      double ds = 0.7 + random.nextDouble() * 3; // from beyond level 0 to near level 2
      double ox = -40 + random.nextDouble() * 180; // sometimes off the slide's left and top
      double oy = -30 + random.nextDouble() * 100;
      boolean smooth = random.nextBoolean();
      int target = random.nextInt(2);
      int coarsest = target + random.nextInt(3 - target);
      // Part of the frame only, as after a pan: pixels outside the rectangle stay as they were.
      int x0 = random.nextInt(w / 3);
      int y0 = random.nextInt(h / 3);
      int x1 = w - random.nextInt(w / 3);
      int y1 = h - random.nextInt(h / 3);
      int[] reference = frame(w, h);
      TileCompositor compositor = new TileCompositor(pyramidGrid);
      for (int y = y0; y < y1; y++) {
        Arrays.fill(reference, y * w + x0, y * w + x1, 0xFF0000FF);
      }
      for (int level = coarsest; level >= target; level--) {
        compositor.paintLevel(reference, w, h, ox, oy, ds, level, tiles::get, smooth, x0, y0, x1, y1);
      }
      int[] once = frame(w, h);
      compositor.paintFinest(once, w, h, ox, oy, ds, target, coarsest, tiles::get, smooth, 0xFF0000FF, x0, y0, x1, y1);
      assertTrue(Arrays.equals(reference, once), "trial " + trial + ": first difference at pixel "
          + Arrays.mismatch(reference, once));
    }
  }

  @Test
  void whereAFineTileIsMissingTheCoarsestLoadedLevelShowsNeverTheBackground() {
    Random random = new Random(3);
    loadSome(0, 0.5, random); // half of level 0, none of level 1, all of level 2
    loadSome(2, 1.0, random);
    int w = 120;
    int h = 70; // all on the slide: level 0 reaches x 190, y 115 of its 203 × 121
    int[] frame = frame(w, h);
    new TileCompositor(pyramidGrid).paintFinest(frame, w, h, 10, 10, 1.5, 0, 2, tiles::get, false, BACKGROUND, 0, 0, w, h);
    int fine = 0;
    int coarse = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        long lx = (long) Math.floor(10 + (x + 0.5) * 1.5);
        long ly = (long) Math.floor(10 + (y + 0.5) * 1.5);
        boolean fineLoaded = tiles.containsKey(pyramidGrid.tile(0, lx / 16, ly / 16).key());
        // Level 2 sampled as the compositor does: its pixel under the frame pixel's centre.
        long cx = (long) Math.floor(10 / 3.98 + (x + 0.5) * (1.5 / 3.98));
        long cy = (long) Math.floor(10 / 3.98 + (y + 0.5) * (1.5 / 3.98));
        int want = fineLoaded ? pixel(0, lx, ly) : pixel(2, cx, cy);
        assertEquals(want, frame[y * w + x], "at " + x + "," + y);
        if (fineLoaded) {
          fine++;
        } else {
          coarse++;
        }
      }
    }
    assertTrue(fine > 0 && coarse > 0, "both levels show: " + fine + " fine, " + coarse + " coarse pixels");
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
