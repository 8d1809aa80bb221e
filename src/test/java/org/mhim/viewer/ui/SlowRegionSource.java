package org.mhim.viewer.ui;

import java.util.concurrent.atomic.AtomicInteger;
import org.mhim.viewer.slide.ArgbImage;
import org.mhim.viewer.slide.RegionSource;
import org.mhim.viewer.slide.SlideMetadata;

/** A real slide whose every read takes at least {@code delayMillis} longer, like a slow network disk. */
final class SlowRegionSource implements RegionSource {

  private final RegionSource slide;
  private final long delayMillis;
  private final AtomicInteger reads = new AtomicInteger();

  SlowRegionSource(RegionSource slide, long delayMillis) {
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
    try {
      Thread.sleep(delayMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return slide.readRegion(x, y, level, width, height);
  }

  int reads() {
    return reads.get();
  }
}
