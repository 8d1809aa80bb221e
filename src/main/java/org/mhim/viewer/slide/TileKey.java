package org.mhim.viewer.slide;

/**
 * Names one cached region: which source, which level, where (level-0 top-left) and how big
 * (pixels of that level).
 */
public record TileKey(String sourceId, int level, long x, long y, int width, int height) {

  /**
   * The key's left edge in pixels of its own level, for a key whose level-0 x was rounded from a
   * level pixel (x = round(levelX × downsample), as the viewer's tile grid makes them). Exact: with
   * a downsample of 1 or more that rounding moved it less than half a level pixel.
   */
  public long levelX(double downsample) {
    return Math.round(x / downsample);
  }

  /** The key's top edge in pixels of its own level; as {@link #levelX}. */
  public long levelY(double downsample) {
    return Math.round(y / downsample);
  }

  /** Bytes the decoded tile occupies in memory (4 per ARGB pixel). */
  public long bytes() {
    return 4L * width * height;
  }
}
