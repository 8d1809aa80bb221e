package org.mhim.viewer.slide;

/**
 * Anything that reads regions of a pyramidal slide: the real {@link SlideImage}, or a decorator
 * over it (a test that slows reads down, say). Implementations are safe to call from many threads.
 */
public interface RegionSource {

  /** The slide's metadata; never changes while the source is open. */
  SlideMetadata metadata();

  /**
   * Reads a region of {@code level}; {@code x} and {@code y} are the top-left corner in level-0
   * pixels (as OpenSlide), {@code width} and {@code height} are in pixels of {@code level}.
   * Pixels outside the slide are transparent (0).
   *
   * @throws SlideException naming the file when the read fails or the source is closed
   */
  ArgbImage readRegion(long x, long y, int level, int width, int height);
}
