package org.mhim.viewer.slide;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our writer's slides through our binding: structure, pixels against libvips, the API's edges. */
class SlideImageTest {

  @TempDir static Path work;
  private static Path slide;

  @BeforeAll
  static void makeSlide() throws Exception {
    slide = TestSlides.demo(work, "ours.tif", 2100, 1500);
  }

  @Test
  void opensWithEveryLevelOfThePyramid() throws Exception {
    List<long[]> pages = TestSlides.vipsPages(slide, work);
    try (SlideImage image = SlideImage.open(slide)) {
      SlideMetadata m = image.metadata();
      assertEquals("aperio", m.vendor());
      assertEquals(2100, m.width());
      assertEquals(1500, m.height());
      // 2100 → 1050 → 525 → 263 → 132: halves, rounded up, until one tile holds the level.
      long[][] expected = {{2100, 1500}, {1050, 750}, {525, 375}, {263, 188}, {132, 94}};
      assertEquals(expected.length, m.levelCount());
      for (int level = 0; level < expected.length; level++) {
        assertArrayEquals(expected[level],
            new long[] {m.level(level).width(), m.level(level).height()}, "level " + level);
        assertEquals(1L << level, m.level(level).downsample(), 0.02 * (1L << level));
      }
      // libvips sees the pyramid levels plus the thumbnail and label pages.
      assertEquals(expected.length + 2, pages.size());
      assertEquals(0.5, m.mppX().orElseThrow());
      assertEquals(0.5, m.mppY().orElseThrow());
      assertEquals(20, m.objectivePower().orElseThrow());
      assertEquals(List.of("label", "thumbnail"), m.associatedImages().stream().sorted().toList());
      assertEquals("aperio", m.properties().get("openslide.vendor"));
    }
  }

  @Test
  void level0RegionsEqualWhatVipsDecodes() throws Exception {
    Path raw = TestSlides.vipsLevel0(slide, work);
    try (SlideImage image = SlideImage.open(slide)) {
      long[][] regions = {{0, 0, 256, 256}, {200, 300, 700, 500}, {1950, 1400, 150, 100}};
      for (long[] r : regions) {
        int[] expected = TestSlides.vipsRegion(raw, work, r[0], r[1], (int) r[2], (int) r[3]);
        int[] actual = TestSlides.rgb(image.readRegion(r[0], r[1], 0, (int) r[2], (int) r[3]));
        assertEquals(-1, TestSlides.firstDifference(expected, actual),
            "region " + Arrays.toString(r));
      }
    }
  }

  @Test
  void lowerLevelsAndRegionsOutsideTheSlide() {
    try (SlideImage image = SlideImage.open(slide)) {
      ArgbImage whole = image.readRegion(0, 0, 4, 132, 94);
      assertEquals(132 * 94, whole.pixels().length);
      assertTrue(Arrays.stream(whole.pixels()).allMatch(p -> p >>> 24 == 0xFF));
      // Past the right edge OpenSlide gives transparent pixels; the RGB helper turns them white.
      ArgbImage edge = image.readRegion(2090, 0, 0, 20, 1);
      assertEquals(0xFF, edge.pixels()[0] >>> 24);
      assertEquals(0, edge.pixels()[19]);
      byte[] rgb = image.readRgb(2090, 0, 0, 20, 1);
      assertEquals(60, rgb.length);
      assertEquals((byte) 0xFF, rgb[57]);
      assertEquals((byte) 0xFF, rgb[58]);
      assertEquals((byte) 0xFF, rgb[59]);
      int p = edge.pixels()[0];
      assertEquals((byte) (p >> 16), rgb[0]);
      assertEquals((byte) (p >> 8), rgb[1]);
      assertEquals((byte) p, rgb[2]);
    }
  }

  @Test
  void associatedImagesAndBestLevel() {
    try (SlideImage image = SlideImage.open(slide)) {
      ArgbImage label = image.associatedImage("label");
      assertEquals(400, label.width());
      assertEquals(300, label.height());
      ArgbImage thumbnail = image.associatedImage("thumbnail");
      assertEquals(525, thumbnail.width(), "the first level no larger than 1024 on its long side");
      SlideException missing = assertThrows(SlideException.class, () -> image.associatedImage("macro"));
      assertTrue(missing.getMessage().contains("macro"), missing.getMessage());
      assertEquals(0, image.bestLevelForDownsample(1));
      assertEquals(2, image.bestLevelForDownsample(4.5));
      assertEquals(4, image.bestLevelForDownsample(1000));
    }
  }

  @Test
  void idIsStableAcrossOpeningsAndDiffersBetweenSlides() throws Exception {
    Path other = TestSlides.demo(work, "other.tif", 900, 700);
    String first;
    try (SlideImage image = SlideImage.open(slide)) {
      first = image.id();
    }
    try (SlideImage again = SlideImage.open(work.resolve(".").resolve("ours.tif"));
        SlideImage different = SlideImage.open(other)) {
      assertEquals(first, again.id());
      assertNotEquals(first, different.id());
    }
  }

  @Test
  void everyCallAfterCloseThrowsClosed() {
    SlideImage image = SlideImage.open(slide);
    image.close();
    image.close(); // idempotent
    assertTrue(image.isClosed());
    for (org.junit.jupiter.api.function.Executable call :
        List.<org.junit.jupiter.api.function.Executable>of(
            () -> image.readRegion(0, 0, 0, 10, 10),
            () -> image.readRgb(0, 0, 0, 10, 10),
            () -> image.associatedImage("label"),
            () -> image.bestLevelForDownsample(2))) {
      SlideException e = assertThrows(SlideException.class, call);
      assertTrue(e.getMessage().contains("closed"), e.getMessage());
      assertTrue(e.getMessage().contains(slide.getFileName().toString()), e.getMessage());
    }
  }

  @Test
  void rejectsLevelsAndSizesThatCannotBeRead() {
    try (SlideImage image = SlideImage.open(slide)) {
      IllegalArgumentException level =
          assertThrows(IllegalArgumentException.class, () -> image.readRegion(0, 0, 5, 10, 10));
      assertTrue(level.getMessage().contains("level 5"), level.getMessage());
      assertThrows(IllegalArgumentException.class, () -> image.readRegion(0, 0, 0, -1, 10));
      assertThrows(IllegalArgumentException.class, () -> image.readRegion(0, 0, 0, 70_000, 70_000));
    }
  }

  @Test
  void libraryVersionIs341OrNewer() {
    assertTrue(SlideImage.openSlideVersion().matches("\\d+\\.\\d+\\.\\d+.*"),
        SlideImage.openSlideVersion());
    assertTrue(Files.isRegularFile(slide));
  }
}
