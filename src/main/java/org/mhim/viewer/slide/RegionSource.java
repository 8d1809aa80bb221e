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

  /**
   * Reads a region of {@code level} whose top-left corner is in pixels of that level: ({@code x},
   * {@code y}) is level pixel (x, y), not a level-0 position. Level downsamples are rarely whole
   * numbers (4.0003, 63.99…), so a level-0 position seldom lands on a level pixel; this one always
   * does. This default reads through {@link #readRegion} at the nearest level-0 position; a source
   * that can read the level's own pixels overrides it.
   *
   * @throws SlideException naming the file when the read fails or the source is closed
   */
  default ArgbImage readLevelRegion(int level, long x, long y, int width, int height) {
    double downsample = metadata().level(level).downsample();
    return readRegion(Math.round(x * downsample), Math.round(y * downsample), level, width, height);
  }
}
