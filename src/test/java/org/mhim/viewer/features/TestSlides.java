package org.mhim.viewer.features;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.mhim.viewer.slide.ArgbImage;
import org.mhim.viewer.slide.DemoSlideSpec;
import org.mhim.viewer.slide.DemoSlides;
import org.mhim.viewer.slide.RegionSource;
import org.mhim.viewer.slide.SlideMetadata;

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

  /** Counts reads, and optionally slows each one down, over a real slide. */
  static final class CountingSource implements RegionSource {
    private final RegionSource slide;
    private final long delayMillis;
    final AtomicInteger reads = new AtomicInteger();

    CountingSource(RegionSource slide, long delayMillis) {
      this.slide = slide;
      this.delayMillis = delayMillis;
    }

    @Override
    public SlideMetadata metadata() {
      return slide.metadata();
    }

    @Override
    public ArgbImage readRegion(long x, long y, int level, int width, int height) {
      reads.incrementAndGet();
      if (delayMillis > 0) {
        try {
          Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return slide.readRegion(x, y, level, width, height);
    }
  }
}
