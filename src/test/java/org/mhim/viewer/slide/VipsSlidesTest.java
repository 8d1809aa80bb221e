package org.mhim.viewer.slide;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Slides written by libvips ({@code vips tiffsave --tile --pyramid}) in several tile sizes and
 * compressions, and as BigTIFF, open through our binding with every level libvips wrote, and
 * read pixel for pixel what libvips itself decodes.
 */
class VipsSlidesTest {

  @TempDir static Path work;
  private static Path source;

  @BeforeAll
  static void makeSource() throws Exception {
    // Real-looking content: level 0 of one of our demo slides, decoded by libvips.
    Path demo = TestSlides.demo(work, "source.tif", 1900, 1300);
    source = TestSlides.vipsLevel0(demo, work);
  }

  @ParameterizedTest(name = "{0}, {1}px tiles{2}")
  @CsvSource({
    "jpeg,    256, ''",
    "jpeg,    240, ''",
    "deflate, 128, ''",
    "lzw,     512, ''",
    "jpeg,    256, --bigtiff",
    "deflate, 256, --bigtiff",
  })
  void opensWithAllLevelsAndReadsWhatVipsReads(String compression, int tile, String bigTiff)
      throws Exception {
    Path slide = work.resolve("vips-" + compression + "-" + tile + bigTiff + ".tif");
    List<String> command = new ArrayList<>(List.of(
        "vips", "tiffsave", source.toString(), slide.toString(), "--tile", "--pyramid", "--strip",
        "--compression", compression, "--tile-width", "" + tile, "--tile-height", "" + tile));
    if (!bigTiff.isEmpty()) {
      command.add(bigTiff);
    }
    TestSlides.run(command.toArray(String[]::new));

    List<long[]> pages = TestSlides.vipsPages(slide, work);
    try (SlideImage image = SlideImage.open(slide)) {
      SlideMetadata metadata = image.metadata();
      assertEquals("generic-tiff", metadata.vendor());
      assertTrue(pages.size() > 2, "vips wrote a pyramid: " + pages.size() + " pages");
      assertEquals(pages.size(), metadata.levelCount(), "one level per page vips wrote");
      for (int level = 0; level < pages.size(); level++) {
        assertArrayEquals(pages.get(level),
            new long[] {metadata.level(level).width(), metadata.level(level).height()},
            "size of level " + level);
      }
      Path raw = TestSlides.vipsLevel0(slide, work);
      long[][] regions = {{0, 0, 300, 200}, {tile - 7, tile - 5, 50, 70}, {1700, 1150, 200, 150}};
      for (long[] r : regions) {
        int[] expected = TestSlides.vipsRegion(raw, work, r[0], r[1], (int) r[2], (int) r[3]);
        int[] actual =
            TestSlides.rgb(image.readRegion(r[0], r[1], 0, (int) r[2], (int) r[3]));
        int at = TestSlides.firstDifference(expected, actual);
        assertEquals(-1, at, () -> "region " + Arrays.toString(r) + " differs at pixel "
            + at + ": vips " + Integer.toHexString(expected[at]) + ", ours "
            + Integer.toHexString(actual[at]));
      }
    }
  }
}
