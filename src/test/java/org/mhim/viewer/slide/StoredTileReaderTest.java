package org.mhim.viewer.slide;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SlideImage#readLevelRegion} on slides whose stored tiles libtiff decodes directly: our
 * writer's Aperio layout and a libvips pyramid. Level 0 must be OpenSlide's pixels exactly (both
 * decode through libtiff and libjpeg); reduced levels must be the stored pixels as libvips decodes
 * them, where OpenSlide's own read, landing between pixels, differs by interpolation only.
 */
class StoredTileReaderTest {

  @TempDir static Path work;
  private static Path demo;
  private static Path vips;
  private static Path rgba;

  /** 1900 × 1300: reduced levels 950, 475 and 238 wide, the last with downsample 7.98. */
  @BeforeAll
  static void makeSlides() throws Exception {
    demo = TestSlides.demo(work, "demo.tif", 1900, 1300);
    Path level0 = TestSlides.vipsLevel0(demo, work);
    vips = work.resolve("vips.tif");
    TestSlides.run("vips", "tiffsave", level0.toString(), vips.toString(), "--tile", "--pyramid",
        "--strip", "--compression", "jpeg", "--tile-width", "256", "--tile-height", "256");
    // Four samples (RGBA): a layout the direct path refuses and OpenSlide reads.
    Path withAlpha = work.resolve("rgba.v");
    TestSlides.run("vips", "bandjoin_const", level0.toString(), withAlpha.toString(), "255");
    rgba = work.resolve("rgba.tif");
    TestSlides.run("vips", "tiffsave", withAlpha.toString(), rgba.toString(), "--tile",
        "--pyramid", "--strip", "--compression", "deflate", "--tile-width", "256", "--tile-height", "256");
  }

  private static Path slide(String name) {
    return switch (name) {
      case "demo" -> demo;
      case "vips" -> vips;
      default -> throw new IllegalArgumentException(name);
    };
  }

  /** The TIFF page holding {@code level}: our writer puts the thumbnail after level 0. */
  private static int page(String name, int level) {
    return name.equals("demo") && level > 0 ? level + 1 : level;
  }

  /** x, y, width, height: aligned, unaligned across tile edges, a tile corner, the level edges. */
  private static final long[][] LEVEL0_REGIONS = {
    {0, 0, 256, 256},
    {256, 512, 256, 256},
    {13, 7, 300, 280},
    {250, 250, 20, 20},
    {1750, 1200, 256, 256},
    {-10, -5, 40, 30},
    {1890, 100, 30, 30},
    {5000, 5000, 16, 16},
  };

  @ParameterizedTest
  @ValueSource(strings = {"demo", "vips"})
  void level0IsOpenSlidesPixelsExactly(String name) {
    try (SlideImage image = SlideImage.open(slide(name))) {
      assertTrue(image.readsStoredTiles(0), "level 0 of " + name + " is read from its tiles");
      for (long[] r : LEVEL0_REGIONS) {
        ArgbImage openslide = image.readRegion(r[0], r[1], 0, (int) r[2], (int) r[3]);
        ArgbImage direct = image.readLevelRegion(0, r[0], r[1], (int) r[2], (int) r[3]);
        assertPixelsEqual(openslide.pixels(), direct.pixels(), name + " " + Arrays.toString(r));
      }
      // Beyond the edge it is transparent, as OpenSlide gives it, and opaque inside.
      int[] edge = image.readLevelRegion(0, 1890, 0, 20, 1).pixels();
      assertEquals(0xFF, edge[9] >>> 24);
      assertEquals(0, edge[10]);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"demo", "vips"})
  void reducedLevelsAreTheStoredPixels(String name) throws Exception {
    try (SlideImage image = SlideImage.open(slide(name))) {
      SlideMetadata metadata = image.metadata();
      assertEquals("demo".equals(name) ? "aperio" : "generic-tiff", metadata.vendor());
      assertTrue(metadata.levelCount() >= 4, "levels: " + metadata.levels());
      boolean fractional = false;
      for (int level = 1; level < metadata.levelCount(); level++) {
        assertTrue(image.readsStoredTiles(level), name + " level " + level);
        SlideLevel l = metadata.level(level);
        // A region across stored tile edges where the level is that large; else most of it.
        long x = Math.min(200, l.width() / 4);
        long y = Math.min(230, l.height() / 4);
        int w = (int) Math.min(120, l.width() - x);
        int h = (int) Math.min(90, l.height() - y);
        Path raw = work.resolve(name + "-page" + page(name, level) + ".v");
        if (!Files.exists(raw)) {
          TestSlides.run("vips", "tiffload", slide(name).toString(), raw.toString(),
              "--page", "" + page(name, level));
        }
        int[] stored = Arrays.stream(TestSlides.vipsRegion(raw, work, x, y, w, h))
            .map(p -> p & 0xFFFFFF).toArray();
        int[] direct = TestSlides.rgb(image.readLevelRegion(level, x, y, w, h));
        assertPixelsEqual(stored, direct, name + " level " + level + " against libvips");

        // OpenSlide at the nearest level-0 position lands a fraction of a pixel off (at most
        // 0.5 / downsample) and interpolates between the same pixels: nearly equal, not equal.
        int[] openslide = TestSlides.rgb(image.readRegion(Math.round(x * l.downsample()),
            Math.round(y * l.downsample()), level, w, h));
        double mean = meanAbsoluteDifference(direct, openslide);
        assertTrue(mean < 2, name + " level " + level + ": OpenSlide's read differs by " + mean
            + " per channel on average, more than interpolation between neighbours would");
        if (l.downsample() != Math.rint(l.downsample())) {
          fractional = true;
          assertNotEquals(0.0, mean, name + " level " + level + " (downsample "
              + l.downsample() + "): OpenSlide is expected to resample here");
        }
      }
      assertTrue(fractional, name + " has a level with a fractional downsample");
    }
  }

  @Test
  void levelsTheDirectPathRefusesReadThroughOpenSlide() {
    try (SlideImage image = SlideImage.open(rgba)) {
      assertEquals("generic-tiff", image.metadata().vendor());
      for (int level = 0; level < image.metadata().levelCount(); level++) {
        assertFalse(image.readsStoredTiles(level), "four samples per pixel: level " + level);
        double ds = image.metadata().level(level).downsample();
        ArgbImage direct = image.readLevelRegion(level, 40, 30, 200, 150);
        ArgbImage openslide =
            image.readRegion(Math.round(40 * ds), Math.round(30 * ds), level, 200, 150);
        assertPixelsEqual(openslide.pixels(), direct.pixels(), "rgba level " + level);
      }
      // The same content as the JPEG slide, so the fallback did read the image, not blanks.
      assertEquals(0xFF, image.readLevelRegion(0, 100, 100, 1, 1).pixels()[0] >>> 24);
    }
  }

  @Test
  void theWarmUpReadsATinyTiffAndLeavesNoFileBehind() throws Exception {
    Path temporary = Path.of(System.getProperty("java.io.tmpdir"));
    List<Path> before;
    try (var files = Files.list(temporary)) {
      before = files.filter(f -> f.getFileName().toString().startsWith("mhimview-warm-up")).toList();
    }
    assertTrue(StoredTileReader.warmUp(), "the warm-up read its tiny TIFF");
    SlideImage.linkNativeLibraries();
    try (var files = Files.list(temporary)) {
      assertEquals(before,
          files.filter(f -> f.getFileName().toString().startsWith("mhimview-warm-up")).toList());
    }
  }

  @Test
  void theSystemPropertyDefaultsToDirectReads() {
    assertTrue(SlideImage.DIRECT_TILES, "mhim.slide.directTiles is unset in tests");
  }

  @Test
  void aSlideTruncatedWhileOpenGivesAClearErrorAndTheJvmLives() throws Exception {
    Path copy = work.resolve("truncated.tif");
    Files.copy(demo, copy);
    try (SlideImage image = SlideImage.open(copy)) {
      image.readLevelRegion(0, 0, 0, 256, 256); // a handle now sits in the pool
      try (FileChannel file = FileChannel.open(copy, StandardOpenOption.WRITE)) {
        file.truncate(file.size() / 3);
      }
      SlideException error =
          assertThrows(SlideException.class, () -> image.readLevelRegion(0, 1700, 1100, 200, 200));
      assertEquals(copy, error.path());
      assertTrue(error.getMessage().contains("cannot decode stored tile"), error.getMessage());
      // libtiff's own reason, formatted by the error handler: "Read error at row …, got 0 bytes".
      assertTrue(error.getMessage().contains("Read error"), error.getMessage());
      // The next read needs a new handle, which cannot even find the directories now.
      SlideException reopen =
          assertThrows(SlideException.class, () -> image.readLevelRegion(0, 1700, 1100, 200, 200));
      assertTrue(reopen.getMessage().startsWith(copy.toString()), reopen.getMessage());
    }
    // Opened truncated, it is refused with a message naming it.
    SlideException open = assertThrows(SlideException.class, () -> SlideImage.open(copy));
    assertTrue(open.getMessage().startsWith(copy.toString()), open.getMessage());
  }

  @Test
  void closeWaitsForReadsInFlightAndLaterReadsSayClosed() throws Exception {
    SlideImage image = SlideImage.open(demo);
    int[] expected = image.readLevelRegion(1, 100, 100, 256, 256).pixels();
    AtomicInteger completed = new AtomicInteger();
    AtomicBoolean wrong = new AtomicBoolean();
    CountDownLatch reading = new CountDownLatch(4);
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      List<Future<?>> readers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        readers.add(pool.submit(() -> {
          reading.countDown();
          while (true) {
            try {
              int[] pixels = image.readLevelRegion(1, 100, 100, 256, 256).pixels();
              wrong.compareAndSet(false, !Arrays.equals(expected, pixels));
              completed.incrementAndGet();
            } catch (SlideException e) {
              assertTrue(e.getMessage().endsWith("closed"), e.getMessage());
              return null;
            }
          }
        }));
      }
      assertTrue(reading.await(10, TimeUnit.SECONDS));
      Thread.sleep(100);
      image.close();
      for (Future<?> reader : readers) {
        reader.get(10, TimeUnit.SECONDS);
      }
    }
    assertFalse(wrong.get(), "a read racing close returned other pixels");
    assertTrue(completed.get() > 0);
    assertThrows(SlideException.class, () -> image.readLevelRegion(0, 0, 0, 8, 8));
  }

  @Test
  void threadsReadTheSamePixelsAsOne() throws Exception {
    SplittableRandom random = new SplittableRandom(3);
    List<long[]> requests = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      int level = random.nextInt(4);
      requests.add(new long[] {level, random.nextInt(1900 >> level), random.nextInt(1300 >> level),
          32 + random.nextInt(300)});
    }
    try (SlideImage image = SlideImage.open(vips)) {
      List<int[]> serial = new ArrayList<>();
      for (long[] r : requests) {
        serial.add(image.readLevelRegion((int) r[0], r[1], r[2], (int) r[3], (int) r[3]).pixels());
      }
      try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
        List<Future<Boolean>> results = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
          int offset = t * 20;
          results.add(pool.submit(() -> {
            for (int i = 0; i < requests.size(); i++) {
              int k = (i + offset) % requests.size();
              long[] r = requests.get(k);
              int[] pixels =
                  image.readLevelRegion((int) r[0], r[1], r[2], (int) r[3], (int) r[3]).pixels();
              if (!Arrays.equals(serial.get(k), pixels)) {
                return false;
              }
            }
            return true;
          }));
        }
        for (Future<Boolean> result : results) {
          assertTrue(result.get(60, TimeUnit.SECONDS), "a thread read other pixels");
        }
      }
    }
  }

  private static void assertPixelsEqual(int[] expected, int[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      if (expected[i] != actual[i]) {
        int at = i;
        assertArrayEquals(expected, actual, () -> what + ": first difference at pixel " + at
            + ": expected " + Integer.toHexString(expected[at]) + ", got "
            + Integer.toHexString(actual[at]));
      }
    }
  }

  private static double meanAbsoluteDifference(int[] a, int[] b) {
    long sum = 0;
    for (int i = 0; i < a.length; i++) {
      for (int shift = 0; shift < 24; shift += 8) {
        sum += Math.abs(((a[i] >> shift) & 0xFF) - ((b[i] >> shift) & 0xFF));
      }
    }
    return sum / (3.0 * a.length);
  }
}
