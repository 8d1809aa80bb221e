package org.mhim.viewer.cli;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.mhim.viewer.io.AtomicFiles;
import org.mhim.viewer.slide.ArgbImage;
import org.mhim.viewer.slide.SlideImage;
import org.mhim.viewer.slide.SlideLevel;
import org.mhim.viewer.slide.SlideMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mhimview region SLIDE --x X --y Y --level L --width W --height H --out FILE.png}. */
@Command(
    name = "region",
    mixinStandardHelpOptions = true,
    description = {
      "Reads one region of a slide and writes it as PNG (with transparency where the slide has no"
          + " pixels).",
      "X and Y are the top-left corner in level-0 pixels, as OpenSlide counts them; WIDTH and"
          + " HEIGHT are pixels of the chosen level."
    })
public final class RegionCommand implements Callable<Integer> {

  /** The largest region written in one go (a 16,384² PNG is already 1 GiB in memory). */
  static final long MAX_PIXELS = 16_384L * 16_384L;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SLIDE", description = "A slide file OpenSlide reads.")
  Path slide;

  @Option(names = "--x", required = true, paramLabel = "X", description = "Left edge, level-0 pixels.")
  long x;

  @Option(names = "--y", required = true, paramLabel = "Y", description = "Top edge, level-0 pixels.")
  long y;

  @Option(names = "--level", defaultValue = "0", paramLabel = "L", description = "Pyramid level (default: ${DEFAULT-VALUE}).")
  int level;

  @Option(names = "--width", required = true, paramLabel = "W", description = "Width in pixels of the level.")
  int width;

  @Option(names = "--height", required = true, paramLabel = "H", description = "Height in pixels of the level.")
  int height;

  @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "PNG to write.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (width < 1 || height < 1) {
      throw new UserErrorHandler.UserException(
          "--width and --height must be positive, not " + width + " and " + height);
    }
    if ((long) width * height > MAX_PIXELS) {
      throw new UserErrorHandler.UserException(
          "a region of " + width + "×" + height + " is too large to write as one PNG (at most "
              + MAX_PIXELS + " pixels); read a higher level or a smaller region");
    }
    ArgbImage region;
    try (SlideImage image = SlideImage.open(slide)) {
      requireOverlap(image.metadata());
      region = image.readRegion(x, y, level, width, height);
    }
    BufferedImage png = toStraightArgb(region);
    AtomicFiles.writeStream(out, stream -> {
      if (!ImageIO.write(png, "png", stream)) {
        throw new IllegalStateException("this JDK has no PNG writer");
      }
    });
    spec.commandLine().getOut().println("wrote " + out + " (" + width + "×" + height + ")");
    return 0;
  }

  /**
   * A region wholly off the slide reads as transparent pixels: refuse it instead of writing an empty
   * PNG (level coordinates given for level-0 ones are the usual slip).
   */
  private void requireOverlap(SlideMetadata metadata) throws UserErrorHandler.UserException {
    if (level < 0 || level >= metadata.levels().size()) {
      return; // the read names the levels there are
    }
    SlideLevel base = metadata.levels().getFirst();
    double downsample = metadata.levels().get(level).downsample();
    boolean off = x >= base.width() || y >= base.height() || x + width * downsample <= 0 || y + height * downsample <= 0;
    if (off) {
      throw new UserErrorHandler.UserException(
          slide + ": the region " + width + "×" + height + " at (" + x + ", " + y + ") on level " + level
              + " lies outside the slide (" + base.width() + "×" + base.height() + " level-0 pixels; --x and --y"
              + " are level-0 pixels)");
    }
  }

  /** OpenSlide's premultiplied ARGB → straight ARGB, as PNG stores it. */
  static BufferedImage toStraightArgb(ArgbImage region) {
    BufferedImage image =
        new BufferedImage(region.width(), region.height(), BufferedImage.TYPE_INT_ARGB);
    int[] pixels = region.pixels();
    int[] straight = new int[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      int p = pixels[i];
      int a = p >>> 24;
      if (a == 255 || a == 0) {
        straight[i] = p;
      } else {
        int r = Math.min(255, ((p >> 16) & 255) * 255 / a);
        int g = Math.min(255, ((p >> 8) & 255) * 255 / a);
        int b = Math.min(255, (p & 255) * 255 / a);
        straight[i] = (a << 24) | (r << 16) | (g << 8) | b;
      }
    }
    image.setRGB(0, 0, region.width(), region.height(), straight, 0, region.width());
    return image;
  }
}
