package org.mhim.viewer.slide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input gives a SlideException naming the file and the problem, and leaks nothing. */
class BadInputTest {

  @TempDir static Path work;
  private static Path good;

  @BeforeAll
  static void makeSlide() throws Exception {
    good = TestSlides.demo(work, "good.tif", 1200, 900);
  }

  private static SlideException failsToOpen(Path file, String... expectedWords) {
    SlideException e = assertThrows(SlideException.class, () -> SlideImage.open(file).close());
    assertTrue(e.getMessage().startsWith(file.toAbsolutePath().normalize().toString() + ": "),
        "names the file: " + e.getMessage());
    assertEquals(file.toAbsolutePath().normalize(), e.path());
    for (String word : expectedWords) {
      assertTrue(e.getMessage().contains(word), "'" + word + "' in: " + e.getMessage());
    }
    return e;
  }

  @Test
  void missingFile() {
    failsToOpen(work.resolve("nowhere.svs"), "no such file");
  }

  @Test
  void directory() {
    failsToOpen(work, "is a directory");
  }

  @Test
  void emptyFile() throws IOException {
    failsToOpen(Files.createFile(work.resolve("empty.svs")), "is empty");
  }

  @Test
  void randomBytes() throws IOException {
    byte[] noise = new byte[64 * 1024];
    new Random(3).nextBytes(noise);
    noise[0] = 0x13; // not by chance a TIFF or PNG signature
    Path file = Files.write(work.resolve("noise.svs"), noise);
    failsToOpen(file, "not a slide format OpenSlide recognises", "starts with bytes 13");
  }

  @Test
  void anImageThatIsNotASlide() throws Exception {
    Path png = work.resolve("picture.png");
    BufferedImage image =
        new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    image.setRGB(10, 10, 0xC080B0);
    javax.imageio.ImageIO.write(image, "png", png.toFile());
    failsToOpen(png, "not a slide format OpenSlide recognises", "PNG image");
  }

  @Test
  void tiffThatIsNotATiledPyramid() throws Exception {
    Path raw = TestSlides.vipsLevel0(good, work);
    Path stripped = work.resolve("stripped.tif");
    TestSlides.run("vips", "tiffsave", raw.toString(), stripped.toString(), "--strip");
    failsToOpen(stripped, "TIFF that OpenSlide cannot read");
  }

  @Test
  void truncatedTiffOfOurs() throws IOException {
    // Our writer puts the directories last, so a cut-off copy has its first directory past the end.
    Path cut = truncatedCopy(good, "cut-ours.tif", Files.size(good) / 2);
    failsToOpen(cut, "truncated or damaged TIFF", "lies outside the file");
    failsToOpen(truncatedCopy(good, "cut-header.tif", 12), "truncated or damaged TIFF");
  }

  @Test
  void truncatedTiffFromVips() throws Exception {
    // libvips writes each directory after its image data, so the cut keeps level 0's directory
    // and loses the tiles and the rest of the pyramid.
    Path raw = TestSlides.vipsLevel0(good, work);
    Path whole = work.resolve("vips-whole.tif");
    TestSlides.run("vips", "tiffsave", raw.toString(), whole.toString(), "--tile", "--pyramid",
        "--strip", "--compression", "jpeg");
    Path cut = truncatedCopy(whole, "cut-vips.tif", Files.size(whole) * 3 / 4);
    SlideException e = assertThrows(SlideException.class, () -> {
      try (SlideImage slide = SlideImage.open(cut)) {
        // If the directories survived, the missing tiles must fail the read, not the process.
        for (int level = 0; level < slide.metadata().levelCount(); level++) {
          SlideLevel size = slide.metadata().level(level);
          slide.readRegion(0, 0, level, (int) Math.min(size.width(), 4096),
              (int) Math.min(size.height(), 4096));
        }
      }
    });
    assertTrue(e.getMessage().startsWith(cut.toString() + ": "), e.getMessage());
  }

  @Test
  void corruptTileDataBecomesAnExceptionNamingTheFile() throws IOException {
    // Our writer stores the first level-0 tile right after the 8-byte header: overwrite it.
    Path corrupt = Files.copy(good, work.resolve("corrupt.tif"));
    byte[] garbage = new byte[1500];
    new Random(8).nextBytes(garbage);
    try (RandomAccessFile file = new RandomAccessFile(corrupt.toFile(), "rw")) {
      file.seek(8);
      file.write(garbage);
    }
    try (SlideImage slide = SlideImage.open(corrupt)) {
      SlideException e =
          assertThrows(SlideException.class, () -> slide.readRegion(0, 0, 0, 256, 256));
      assertTrue(e.getMessage().startsWith(corrupt + ": OpenSlide failed reading region"),
          e.getMessage());
      // OpenSlide's error is sticky: the handle stays failed, and says so, for every later read.
      SlideException later =
          assertThrows(SlideException.class, () -> slide.readRegion(600, 600, 0, 64, 64));
      assertTrue(later.getMessage().contains("OpenSlide failed"), later.getMessage());
    }
  }

  @Test
  void failedOpensLeaveNoFileOpen() throws Exception {
    Path cut = truncatedCopy(good, "cut-fd.tif", Files.size(good) / 2);
    Path noise = Files.write(work.resolve("noise-fd.bin"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
    for (int warmUp = 0; warmUp < 3; warmUp++) {
      assertThrows(SlideException.class, () -> SlideImage.open(cut));
    }
    long before = openFiles();
    for (int i = 0; i < 50; i++) {
      assertThrows(SlideException.class, () -> SlideImage.open(cut));
      assertThrows(SlideException.class, () -> SlideImage.open(noise));
      SlideImage.open(good).close();
    }
    long after = openFiles();
    assertTrue(after - before < 5, "open descriptors went from " + before + " to " + after);
  }

  private static long openFiles() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  private static Path truncatedCopy(Path source, String name, long length) throws IOException {
    Path copy = Files.copy(source, work.resolve(name));
    try (RandomAccessFile file = new RandomAccessFile(copy.toFile(), "rw")) {
      file.setLength(length);
    }
    return copy;
  }
}
