package org.mhim.viewer.slide;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real slide that counts its reads and can make each one take {@code delayMillis} longer, like a
 * slow network disk: for tests of what reads happen (cache hits, cancellation) and of a viewer or
 * extractor that must not wait on them.
 */
public final class CountingRegionSource implements RegionSource {

  private final RegionSource slide;
  private final long delayMillis;
  private final AtomicInteger reads = new AtomicInteger();

  public CountingRegionSource(RegionSource slide, long delayMillis) {
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

  /** Reads started so far. */
  public int reads() {
    return reads.get();
  }
}
