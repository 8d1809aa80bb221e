package org.mhim.viewer.slide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/** Makes small test slides (our writer, libvips) and reads references through libvips. */
final class TestSlides {

  private TestSlides() {}

  /** A small demo slide from our writer. */
  static Path demo(Path dir, String name, long width, long height) throws IOException {
    Path slide = dir.resolve(name);
    DemoSlideWriter.write(slide, new DemoSlideSpec(width, height, 42, 0.3));
    return slide;
  }

  /** Runs a command, fails the test with its output when it fails; returns its output. */
  static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " timed out");
    }
    assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + output);
    return output;
  }

  /** Level-0 pixels of {@code tiff} as a VIPS file, decoded by libtiff (vips tiffload). */
  static Path vipsLevel0(Path tiff, Path work) throws IOException, InterruptedException {
    Path raw = work.resolve(tiff.getFileName() + ".level0.v");
    run("vips", "tiffload", tiff.toString(), raw.toString(), "--page", "0");
    return raw;
  }

  /** The page sizes libvips sees in a pyramidal TIFF, page 0 first. */
  static List<long[]> vipsPages(Path tiff, Path work) throws IOException, InterruptedException {
    List<long[]> pages = new ArrayList<>();
    for (int page = 0; page < 32; page++) {
      Path raw = work.resolve(tiff.getFileName() + ".page" + page + ".v");
      Process process =
          new ProcessBuilder(
                  "vips", "tiffload", tiff.toString(), raw.toString(), "--page", "" + page)
              .redirectErrorStream(true)
              .start();
      process.getInputStream().readAllBytes();
      if (process.waitFor() != 0) {
        break;
      }
      // "file.v: 6000x4500 uchar, 3 bands, srgb, tiffload"
      Matcher size = Pattern.compile(": (\\d+)x(\\d+) ").matcher(run("vipsheader", raw.toString()));
      assertTrue(size.find(), "vipsheader names the size");
      pages.add(new long[] {Long.parseLong(size.group(1)), Long.parseLong(size.group(2))});
      Files.delete(raw);
    }
    return pages;
  }

  /** RGB (0xRRGGBB) of a region that {@code vips extract_area} cuts from a VIPS image. */
  static int[] vipsRegion(Path raw, Path work, long x, long y, int width, int height)
      throws IOException, InterruptedException {
    Path png = work.resolve("ref-" + x + "-" + y + "-" + width + "x" + height + ".png");
    run("vips", "extract_area", raw.toString(), png.toString(),
        "" + x, "" + y, "" + width, "" + height);
    BufferedImage image = ImageIO.read(png.toFile());
    assertNotNull(image, "vips wrote an unreadable PNG " + png);
    assertEquals(width, image.getWidth());
    assertEquals(height, image.getHeight());
    return image.getRGB(0, 0, width, height, null, 0, width);
  }

  /** Our pixels as 0xRRGGBB, for opaque regions (alpha dropped after checking it is 255). */
  static int[] rgb(ArgbImage image) {
    int[] out = new int[image.pixels().length];
    for (int i = 0; i < out.length; i++) {
      int p = image.pixels()[i];
      assertEquals(0xFF, p >>> 24, "pixel " + i + " is not opaque");
      out[i] = p & 0xFFFFFF;
    }
    return out;
  }

  /** First differing pixel, for a readable failure message; -1 when equal. */
  static int firstDifference(int[] expected, int[] actual) {
    for (int i = 0; i < Math.min(expected.length, actual.length); i++) {
      if ((expected[i] & 0xFFFFFF) != (actual[i] & 0xFFFFFF)) {
        return i;
      }
    }
    return expected.length == actual.length ? -1 : Math.min(expected.length, actual.length);
  }
}
