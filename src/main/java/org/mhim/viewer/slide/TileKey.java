package org.mhim.viewer.slide;

/**
 * Names one cached region: which source, which level, where (level-0 top-left) and how big
 * (pixels of that level).
 */
public record TileKey(String sourceId, int level, long x, long y, int width, int height) {

  /** Bytes the decoded tile occupies in memory (4 per ARGB pixel). */
  public long bytes() {
    return 4L * width * height;
  }
}
