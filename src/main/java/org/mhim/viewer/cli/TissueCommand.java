package org.mhim.viewer.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.mhim.viewer.io.AtomicFiles;
import org.mhim.viewer.slide.ArgbImage;
import org.mhim.viewer.slide.SlideImage;
import org.mhim.viewer.tissue.AnnotationFile;
import org.mhim.viewer.tissue.BinaryMask;
import org.mhim.viewer.tissue.ReducedImage;
import org.mhim.viewer.tissue.TissueChannel;
import org.mhim.viewer.tissue.TissueDetectionSettings;
import org.mhim.viewer.tissue.TissueDetector;
import org.mhim.viewer.tissue.TissueMask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mhimview tissue SLIDE --out tissue.geojson [--png mask.png]}: detected tissue as QuPath annotations. */
@Command(
    name = "tissue",
    mixinStandardHelpOptions = true,
    description = {
      "Detects the tissue on a slide (saturation, median filter, Otsu threshold, morphological "
          + "clean-up on a low-resolution level) and writes it as a QuPath GeoJSON "
          + "FeatureCollection of \"Tissue\" annotations in level-0 pixels.",
      "With --png, also writes the slide at mask resolution with the tissue outlined in green "
          + "and the rest dimmed, to check the result by eye."
    })
public final class TissueCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SLIDE", description = "The slide file (any format OpenSlide reads).")
  Path slide;

  @Option(names = "--out", required = true, paramLabel = "FILE",
      description = "GeoJSON file to write (replaced atomically).")
  Path out;

  @Option(names = "--png", paramLabel = "FILE", description = "Also write a preview PNG of the mask over the slide.")
  Path png;

  @Option(names = "--downsample", paramLabel = "D", defaultValue = "32",
      description = "Level-0 pixels per mask pixel to aim for (default: ${DEFAULT-VALUE}; smaller slides use less "
          + "so the mask keeps 1024 pixels on its long side).")
  double downsample;

  @Option(names = "--channel", paramLabel = "C", defaultValue = "SATURATION",
      description = "What to threshold: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  TissueChannel channel;

  @Option(names = "--min-area", paramLabel = "UM2", defaultValue = "10000",
      description = "Drop tissue pieces smaller than this many µm² (default: ${DEFAULT-VALUE}).")
  double minArea;

  @Option(names = "--max-hole", paramLabel = "UM2", defaultValue = "20000",
      description = "Fill holes smaller than this many µm² (default: ${DEFAULT-VALUE}).")
  double maxHole;

  @Override
  public Integer call() throws IOException {
    TissueDetectionSettings settings =
        TissueDetectionSettings.defaults()
            .withTargetDownsample(downsample)
            .withChannel(channel)
            .withMinTissueAreaUm2(minArea)
            .withMaxFilledHoleAreaUm2(maxHole);
    try (SlideImage image = SlideImage.open(slide)) {
      TissueMask mask = new TissueDetector(settings).detect(image);
      AnnotationFile.of(AnnotationFile.TISSUE, mask.polygons()).write(out);
      if (png != null) {
        writePreview(png, ReducedImage.matching(image, mask), mask.mask());
      }
      double slideArea = (double) image.metadata().width() * image.metadata().height();
      PrintWriter printer = spec.commandLine().getOut();
      printer.printf(
          Locale.ROOT,
          "%s: %d tissue piece%s, %.1f%% of the slide (mask %d×%d at downsample %.1f from level %d) → %s%n",
          slide.getFileName(),
          mask.polygons().size(),
          mask.polygons().size() == 1 ? "" : "s",
          100 * mask.tissueArea() / slideArea,
          mask.mask().width(),
          mask.mask().height(),
          mask.downsample(),
          mask.level(),
          out);
      printer.flush();
    }
    return 0;
  }

  /** Tissue as scanned with a green outline, the rest dimmed. */
  static void writePreview(Path file, ArgbImage thumbnail, BinaryMask mask) throws IOException {
    int width = thumbnail.width();
    int height = thumbnail.height();
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] pixels = thumbnail.pixels();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int rgb = pixels[y * width + x] & 0xFFFFFF;
        if (mask.get(x, y)) {
          boolean edge = !mask.get(x - 1, y) || !mask.get(x + 1, y) || !mask.get(x, y - 1) || !mask.get(x, y + 1);
          image.setRGB(x, y, edge ? 0x00C800 : rgb);
        } else {
          image.setRGB(x, y, (rgb >> 1) & 0x7F7F7F);
        }
      }
    }
    AtomicFiles.writeStream(file, stream -> {
      if (!ImageIO.write(image, "png", stream)) {
        throw new IOException(file + ": no PNG writer available");
      }
    });
  }
}
