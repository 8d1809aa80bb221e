package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.mhim.viewer.slide.SlideLevel;
import org.mhim.viewer.slide.SlideMetadata;
import org.mhim.viewer.slide.TileKey;

class TileGridTest {

  private final SlideMetadata slide =
      new SlideMetadata(
          Path.of("s.tif"), "generic-tiff",
          List.of(new SlideLevel(10_000, 6_000, 1), new SlideLevel(2_500, 1_500, 4), new SlideLevel(625, 375, 16)),
          OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), Map.of(), List.of());
  private final TileGrid grid = new TileGrid("s", slide, 512);

  @Test
  void picksTheCoarsestLevelStillAsSharpAsTheScreen() {
    assertEquals(0, grid.levelFor(0.5));
    assertEquals(0, grid.levelFor(3.9));
    assertEquals(1, grid.levelFor(4));
    assertEquals(1, grid.levelFor(15));
    assertEquals(2, grid.levelFor(100));
  }

  @Test
  void edgeTilesAreClippedToTheLevel() {
    TileGrid.Tile last = grid.tile(1, 4, 2); // columns 0..4 of 2500 px: the last is 452 wide
    assertEquals(new TileKey("s", 1, 4 * 512 * 4, 2 * 512 * 4, 2500 - 4 * 512, 1500 - 2 * 512), last.key());
    assertEquals(10_000, last.x1(), 1e-9);
    assertEquals(6_000, last.y1(), 1e-9);
  }

  @Test
  void visibleTilesCoverTheViewNearestTheCentreFirst() {
    Viewport view = new Viewport(5000, 3000, 4, 600, 400); // level 1, 2400×1600 level-0 px around the centre
    List<TileGrid.Tile> tiles = grid.visibleTiles(view, 1);
    // x 3800..6200 → columns 1..3 (2048 px each); y 2200..3800 → rows 1
    assertEquals(3, tiles.size());
    assertEquals(new TileKey("s", 1, 4096, 2048, 512, 512), tiles.getFirst().key());
    for (int i = 1; i < tiles.size(); i++) {
      assertTrue(tiles.get(i - 1).distanceSquaredTo(5000, 3000) <= tiles.get(i).distanceSquaredTo(5000, 3000));
    }
  }

  @Test
  void everyTileKeyGivesBackItsExactLevelPixelOrigin() {
    // The 100,000 × 80,000 bench slide's fractional downsamples (63.99, 127.94) and a 4.0003.
    SlideMetadata odd = new SlideMetadata(
        Path.of("odd.tif"), "aperio",
        List.of(new SlideLevel(100_000, 80_000, 1), new SlideLevel(24_999, 19_997, 4.000275),
            new SlideLevel(1563, 1250, 63.989763275751756), new SlideLevel(782, 625, 127.93861892583121)),
        OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), Map.of(), List.of());
    TileGrid oddGrid = new TileGrid("odd", odd, 256);
    for (int level = 0; level < odd.levelCount(); level++) {
      SlideLevel l = odd.level(level);
      for (long r = 0; r < Math.ceilDiv(l.height(), 256); r++) {
        for (long c = 0; c < Math.ceilDiv(l.width(), 256); c++) {
          TileKey key = oddGrid.tile(level, c, r).key();
          assertEquals(c * 256, key.levelX(l.downsample()), "level " + level + " column " + c);
          assertEquals(r * 256, key.levelY(l.downsample()), "level " + level + " row " + r);
        }
      }
    }
  }

  @Test
  void nothingVisibleOutsideTheSlide() {
    assertTrue(grid.visibleTiles(new Viewport(-5000, -5000, 1, 100, 100), 0).isEmpty());
  }

  @Test
  void readsInTheSlidesOwnTileSizeAtLeast256Pixels() {
    assertEquals(256, TileGrid.readSizeFor(withTiles("256", "256")));
    assertEquals(512, TileGrid.readSizeFor(withTiles("512", "512")));
    assertEquals(480, TileGrid.readSizeFor(withTiles("240", "240")), "small stored tiles are read two by two");
    assertEquals(256, TileGrid.readSizeFor(withTiles("128", "128")));
    assertEquals(TileGrid.DEFAULT_TILE_SIZE, TileGrid.readSizeFor(slide), "no tile size given");
    assertEquals(TileGrid.DEFAULT_TILE_SIZE, TileGrid.readSizeFor(withTiles("256", "128")), "not square");
    assertEquals(TileGrid.DEFAULT_TILE_SIZE, TileGrid.readSizeFor(withTiles("4096", "4096")), "huge stored tiles");
  }

  private SlideMetadata withTiles(String width, String height) {
    return new SlideMetadata(slide.path(), slide.vendor(), slide.levels(), slide.mppX(), slide.mppY(),
        slide.objectivePower(), Map.of("openslide.level[0].tile-width", width, "openslide.level[0].tile-height", height),
        List.of());
  }
}
