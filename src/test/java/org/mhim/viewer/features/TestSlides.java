package org.mhim.viewer.features;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.mhim.viewer.slide.DemoSlideSpec;
import org.mhim.viewer.slide.DemoSlides;

/**
 * Demo slides for the extraction tests, made once under target/ and reused (the generator is
 * deterministic, so a slide left by an earlier run is the same slide).
 */
public final class TestSlides {

  private TestSlides() {}

  private static final Path DIR = Path.of("target", "test-slides", "features");

  /** 2000 × 1500 px at 20×: a few dozen patches. */
  public static Path small(String name, long seed) throws IOException {
    return DemoSlides.ensure(DIR.resolve(name + ".tif"), new DemoSlideSpec(2000, 1500, seed, 0.3));
  }

  /**
   * {@link #small} written again by libvips as a generic tiled TIFF without resolution tags: a slide
   * that states neither its pixel size nor its objective power.
   */
  public static Path smallWithoutPixelSize(String name, long seed) throws IOException {
    Path out = DIR.resolve(name + "-no-mpp.tif");
    if (Files.isRegularFile(out)) {
      return out;
    }
    Path partial = DIR.resolve(name + "-no-mpp.part.tif");
    Process vips = new ProcessBuilder("vips", "tiffsave", small(name, seed) + "[level=0]", partial.toString(), "--tile",
        "--pyramid", "--compression", "jpeg", "--Q", "90", "--tile-width", "256", "--tile-height", "256")
        .redirectErrorStream(true).start();
    String log = new String(vips.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (vips.waitFor() != 0) {
        throw new IOException("vips tiffsave failed: " + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while vips wrote " + out, e);
    }
    return Files.move(partial, out, StandardCopyOption.ATOMIC_MOVE);
  }

  /** 4000 × 3000 px at 20×, 40 % tumour: enough patches of both kinds to compare them. */
  public static Path medium() throws IOException {
    return DemoSlides.ensure(DIR.resolve("medium.tif"), new DemoSlideSpec(4000, 3000, 7, 0.4));
  }
}
