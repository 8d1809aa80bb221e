package org.mhim.viewer.features;

import java.io.IOException;
import java.nio.file.Path;
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

  /** 4000 × 3000 px at 20×, 40 % tumour: enough patches of both kinds to compare them. */
  public static Path medium() throws IOException {
    return DemoSlides.ensure(DIR.resolve("medium.tif"), new DemoSlideSpec(4000, 3000, 7, 0.4));
  }
}
