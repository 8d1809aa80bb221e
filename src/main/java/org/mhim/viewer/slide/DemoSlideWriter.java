package org.mhim.viewer.slide;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.mhim.viewer.io.AtomicFiles;
import org.mhim.viewer.io.FileNames;

/**
 * Writes a synthetic H&amp;E-like whole-slide image — an Aperio-style pyramidal JPEG TIFF that
 * OpenSlide opens with all its levels, MPP 0.5 and objective 20× — and, beside it, its ground
 * truth as QuPath GeoJSON ({@code NAME.annotations.geojson}). Both files appear atomically.
 */
public final class DemoSlideWriter {

  /** What was written. */
  public record Result(Path slide, Path annotations, DemoTissueLayout layout, Duration elapsed) {}

  static final int TILE = 256;
  static final float QUALITY = 0.8f;
  /** Past this many raw bytes the JPEG data could near 4 GiB, so write BigTIFF. */
  private static final long BIGTIFF_RAW_BYTES = 4L << 30;

  private DemoSlideWriter() {}

  /** Writes {@code slide} and its annotations beside it. */
  public static Result write(Path slide, DemoSlideSpec spec) throws IOException {
    return write(slide, spec, spec.width() * spec.height() * 3 >= BIGTIFF_RAW_BYTES);
  }

  /** As {@link #write(Path, DemoSlideSpec)}, choosing classic TIFF or BigTIFF. */
  public static Result write(Path slide, DemoSlideSpec spec, boolean bigTiff) throws IOException {
    long start = System.nanoTime();
    DemoTissueLayout layout =
        DemoTissueLayout.generate(spec.width(), spec.height(), spec.seed(), spec.tumorFraction());
    PyramidTiffWriter.Options options =
        new PyramidTiffWriter.Options(
            TILE,
            QUALITY,
            bigTiff,
            description(spec),
            DemoSlideSpec.MPP,
            Math.max(1, Runtime.getRuntime().availableProcessors()));
    PyramidTiffWriter writer = new PyramidTiffWriter(spec.width(), spec.height(), options);
    DemoTissuePainter painter = new DemoTissuePainter(layout, spec.seed());
    PyramidTiffWriter.RgbImage label = label(spec.seed());
    AtomicFiles.writeFile(slide, temporary -> writer.write(temporary, painter, label));
    Path annotations = annotationsPath(slide);
    AtomicFiles.write(annotations, DemoAnnotations.geoJson(layout, spec.seed()));
    return new Result(
        slide, annotations, layout, Duration.ofNanos(System.nanoTime() - start));
  }

  /** {@code dir/NAME.tif} → {@code dir/NAME.annotations.geojson}. */
  public static Path annotationsPath(Path slide) {
    return slide.resolveSibling(FileNames.stem(slide) + ".annotations.geojson");
  }

  /** Aperio's description: a header line, then |-separated "key = value" pairs OpenSlide reads. */
  private static String description(DemoSlideSpec spec) {
    return String.format(
        Locale.ROOT,
        "Aperio Image Library v12.0.15 \r\n%dx%d [0,0 %dx%d] (%dx%d) JPEG/RGB Q=%d"
            + "|AppMag = %d|MPP = %s|Generator = MHIM Viewer demo-slide|Seed = %d"
            + "|TumorFraction = %s",
        spec.width(), spec.height(), spec.width(), spec.height(), TILE, TILE,
        Math.round(QUALITY * 100), DemoSlideSpec.OBJECTIVE_POWER, DemoSlideSpec.MPP,
        spec.seed(), spec.tumorFraction());
  }

  /** A slide label: white card, a lilac stain band, and a barcode drawn from the seed. */
  private static PyramidTiffWriter.RgbImage label(long seed) {
    int width = 400;
    int height = 300;
    int[] pixels = new int[width * height];
    Arrays.fill(pixels, 0xFAFAFA);
    SplittableRandom random = new SplittableRandom(seed);
    for (int y = 20; y < 70; y++) {
      for (int x = 20; x < width - 20; x++) {
        pixels[y * width + x] = 0xB48CC8;
      }
    }
    int x = 40;
    while (x < width - 40) {
      int bar = 2 + random.nextInt(5);
      boolean dark = random.nextBoolean();
      for (int y = 120; y < 260; y++) {
        for (int i = x; i < Math.min(x + bar, width - 40); i++) {
          pixels[y * width + i] = dark ? 0x101010 : 0xFAFAFA;
        }
      }
      x += bar;
    }
    return new PyramidTiffWriter.RgbImage(width, height, pixels);
  }
}
