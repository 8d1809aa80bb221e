package org.mhim.viewer.tissue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.mhim.viewer.slide.SlideException;
import org.mhim.viewer.slide.SlideLevel;
import org.mhim.viewer.slide.SlideMetadata;

/** Grid geometry against cases worked out by hand. */
class PatchGridTest {

  private static SlideMetadata slide(
      long width, long height, double mpp, double objective, double... downsamples) {
    List<SlideLevel> levels = new ArrayList<>();
    for (double d : downsamples) {
      levels.add(new SlideLevel((long) (width / d), (long) (height / d), d));
    }
    return new SlideMetadata(
        Path.of("case.tif"),
        "generic-tiff",
        levels,
        mpp > 0 ? OptionalDouble.of(mpp) : OptionalDouble.empty(),
        mpp > 0 ? OptionalDouble.of(mpp) : OptionalDouble.empty(),
        objective > 0 ? OptionalDouble.of(objective) : OptionalDouble.empty(),
        Map.of(),
        List.of());
  }

  @Test
  void fortyXSlideAtTwentyXReadsDoublePatchesFromLevelZero() {
    // 0.25 µm/px, 20× wants 0.5 µm/px: 2 level-0 px per patch px, 512-px patches. Level 1 (4×)
    // is coarser than needed, so level 0 is read at 512 and reduced to 256.
    // Columns: x = 0, 512, … while x + 512 ≤ 10000 → (10000 − 512) / 512 = 18.5 → 19.
    // Rows: (8000 − 512) / 512 = 14.6 → 15.
    PatchGrid grid = PatchGrid.build(slide(10000, 8000, 0.25, 40, 1, 4, 16), PatchGridSettings.defaults());
    assertEquals(2.0, grid.downsample(), 1e-12);
    assertEquals(512, grid.level0PatchSize());
    assertEquals(512, grid.level0Step());
    assertEquals(0, grid.readLevel());
    assertEquals(512, grid.readSize());
    assertEquals(256, grid.outputSize());
    assertEquals(19 * 15, grid.count());
    assertEquals(18 * 512, grid.x(18));
    assertEquals(0, grid.y(18));
    assertEquals(0, grid.x(19));
    assertEquals(512, grid.y(19));
    assertEquals(14 * 512, grid.y(grid.count() - 1));
  }

  @Test
  void twentyXSlideAtTwentyXReadsLevelZeroAsIs() {
    PatchGrid grid = PatchGrid.build(slide(3000, 2000, 0.5, 20, 1, 4), PatchGridSettings.defaults());
    assertEquals(1.0, grid.downsample(), 1e-12);
    assertEquals(256, grid.level0PatchSize());
    assertEquals(0, grid.readLevel());
    assertEquals(256, grid.readSize());
    // (3000 − 256) / 256 = 10.7 → 11 columns; (2000 − 256) / 256 = 6.8 → 7 rows.
    assertEquals(11 * 7, grid.count());
  }

  @Test
  void lowerMagnificationReadsFromACoarserLevel() {
    SlideMetadata twentyX = slide(40000, 30000, 0.5, 20, 1, 4, 16);
    // 5× = 2 µm/px = 4 level-0 px per patch px: level 1 (4×) exactly, 1024 level-0 px read as 256.
    PatchGrid five = PatchGrid.build(twentyX, PatchGridSettings.defaults().withMagnification(5));
    assertEquals(1024, five.level0PatchSize());
    assertEquals(1, five.readLevel());
    assertEquals(256, five.readSize());
    // 10× = 2 level-0 px per patch px: level 1 is too coarse, level 0 read at 512.
    PatchGrid ten = PatchGrid.build(twentyX, PatchGridSettings.defaults().withMagnification(10));
    assertEquals(512, ten.level0PatchSize());
    assertEquals(0, ten.readLevel());
    assertEquals(512, ten.readSize());
    // 2.5× = 8 level-0 px: between level 1 (4×) and level 2 (16×), so level 1 at 2048 / 4 = 512.
    PatchGrid twoAndAHalf = PatchGrid.build(twentyX, PatchGridSettings.defaults().withMagnification(2.5));
    assertEquals(2048, twoAndAHalf.level0PatchSize());
    assertEquals(1, twoAndAHalf.readLevel());
    assertEquals(512, twoAndAHalf.readSize());
  }

  @Test
  void levelWithADownsampleAHairOffStillCounts() {
    // OpenSlide reports 4.0003 for a level of a slide whose size is not a multiple of 4.
    SlideMetadata metadata = slide(40001, 30001, 0.5, 20, 1, 4.0003, 16.001);
    PatchGrid five = PatchGrid.build(metadata, PatchGridSettings.defaults().withMagnification(5));
    assertEquals(1, five.readLevel());
    assertEquals(256, five.readSize(), "1024 / 4.0003 rounds to 256");
  }

  @Test
  void aperioPixelSizeRoundsThePatch() {
    // 0.2527 µm/px: 0.5 / 0.2527 = 1.97863 level-0 px per patch px, 256 × 1.97863 = 506.5 → 507.
    PatchGrid grid = PatchGrid.build(slide(5000, 5000, 0.2527, 40, 1, 4), PatchGridSettings.defaults());
    assertEquals(507, grid.level0PatchSize());
    assertEquals(507, grid.readSize());
    assertEquals(0, grid.readLevel());
    // (5000 − 507) / 507 = 8.86 → 9 per side.
    assertEquals(81, grid.count());
  }

  @Test
  void objectivePowerAloneGivesTheScale() {
    PatchGrid grid = PatchGrid.build(slide(4096, 4096, 0, 40, 1, 4), PatchGridSettings.defaults());
    assertEquals(2.0, grid.downsample(), 1e-12);
    assertEquals(512, grid.level0PatchSize());
    assertEquals(64, grid.count());
  }

  @Test
  void slideWithNoScaleNeedsAnOverride() {
    SlideMetadata metadata = slide(4096, 4096, 0, 0, 1, 4);
    SlideException error =
        assertThrows(SlideException.class, () -> PatchGrid.build(metadata, PatchGridSettings.defaults()));
    assertTrue(error.getMessage().contains("case.tif"), error.getMessage());
    assertTrue(error.getMessage().contains("MPP"), error.getMessage());
    PatchGrid grid = PatchGrid.build(metadata, PatchGridSettings.defaults().withDownsampleOverride(4));
    assertEquals(1024, grid.level0PatchSize());
    assertEquals(1, grid.readLevel());
    assertEquals(16, grid.count());
  }

  @Test
  void oddSizeDropsPatchesCrossingTheEdge() {
    // 1000 × 777 at 0.5 µm/px: x = 0, 256, 512 (768 + 256 > 1000); y = 0, 256, 512 (512 + 256 = 768 ≤ 777).
    PatchGrid grid = PatchGrid.build(slide(1000, 777, 0.5, 20, 1), PatchGridSettings.defaults());
    assertArrayEquals(
        new long[] {0, 0, 256, 0, 512, 0, 0, 256, 256, 256, 512, 256, 0, 512, 256, 512, 512, 512},
        grid.coordinates());
    long[][] pairs = grid.coordinatePairs();
    assertArrayEquals(new long[] {512, 256}, pairs[5]);
  }

  @Test
  void fortyXOddSizeKeepsAPatchEndingOnTheEdgeAndDropsOneAPixelShort() {
    // 1536 × 1023 at 0.25 µm/px: 512 level-0 px per patch. x = 0, 512, 1024 (1024 + 512 = 1536,
    // exactly the width, is kept); y = 0 only (512 + 512 = 1024 > 1023 by one pixel).
    PatchGrid grid = PatchGrid.build(slide(1536, 1023, 0.25, 40, 1, 4), PatchGridSettings.defaults());
    assertEquals(512, grid.level0PatchSize());
    assertEquals(512, grid.readSize());
    assertArrayEquals(new long[] {0, 0, 512, 0, 1024, 0}, grid.coordinates());
  }

  @Test
  void slideSmallerThanAPatchHasNoPatches() {
    assertEquals(0, PatchGrid.build(slide(255, 4000, 0.5, 20, 1), PatchGridSettings.defaults()).count());
    assertEquals(1, PatchGrid.build(slide(256, 256, 0.5, 20, 1), PatchGridSettings.defaults()).count());
  }

  @Test
  void overlappingStep() {
    // Step 128 on 1000 wide: x = 0 … while x + 256 ≤ 1000 → (1000 − 256) / 128 = 5.8 → 6 columns;
    // 600 high: (600 − 256) / 128 = 2.7 → 3 rows.
    PatchGrid grid = PatchGrid.build(slide(1000, 600, 0.5, 20, 1), PatchGridSettings.defaults().withStep(128));
    assertEquals(128, grid.level0Step());
    assertEquals(18, grid.count());
    assertEquals(640, grid.x(5));
  }

  @Test
  void keepsPatchesWithEnoughTissue() {
    SlideMetadata metadata = slide(1000, 777, 0.5, 20, 1);
    // Tissue on the left 500 px, rasterised at 16×: mask pixel i is tissue when 16i + 8 < 500,
    // so level-0 x < 496. Patch x = 0 is all tissue, x = 256 holds (496 − 256) / 256 = 0.94,
    // x = 512 none: two of three patches per row stay.
    TissueMask tissue =
        TissueMask.fromPolygons(List.of(Polygon.of(Ring.rectangle(0, 0, 500, 777))), 1000, 777, 16);
    assertEquals(0.9375, tissue.tissueFraction(256, 0, 256, 256), 1e-12);
    PatchGrid half = PatchGrid.build(metadata, tissue, PatchGridSettings.defaults());
    assertArrayEquals(new long[] {0, 0, 256, 0, 0, 256, 256, 256, 0, 512, 256, 512}, half.coordinates());
    PatchGrid strict = PatchGrid.build(metadata, tissue, PatchGridSettings.defaults().withMinTissueFraction(0.95));
    assertArrayEquals(new long[] {0, 0, 0, 256, 0, 512}, strict.coordinates());
  }
}
