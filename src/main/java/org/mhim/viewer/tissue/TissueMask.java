package org.mhim.viewer.tissue;

import java.util.List;

/**
 * Where the tissue is: a binary mask on a coarse grid and the same tissue as polygons.
 *
 * @param mask the tissue pixels; mask pixel (i, j) covers level-0 pixels [i·d, (i+1)·d) × [j·d,
 *     (j+1)·d) with d = {@code downsample}
 * @param level the pyramid level the mask was computed from (-1 when not read from a slide)
 * @param downsample level-0 pixels per mask pixel
 * @param polygons the tissue outlines in level-0 pixel coordinates (exteriors with holes)
 */
public record TissueMask(BinaryMask mask, int level, double downsample, List<Polygon> polygons) {

  public TissueMask {
    if (!(downsample > 0)) {
      throw new IllegalArgumentException("downsample must be positive, got " + downsample);
    }
    polygons = List.copyOf(polygons);
  }

  /**
   * A mask from known polygons (level-0 coordinates), rasterised at {@code downsample} over a
   * slide of the given level-0 size: for ground truth, or a user's own outline.
   */
  public static TissueMask fromPolygons(
      List<Polygon> polygons, long width, long height, double downsample) {
    int maskWidth = Math.toIntExact((long) Math.ceil(width / downsample));
    int maskHeight = Math.toIntExact((long) Math.ceil(height / downsample));
    BinaryMask mask =
        PolygonRasterizer.rasterize(polygons, maskWidth, maskHeight, downsample, 0, 0);
    return new TissueMask(mask, -1, downsample, polygons);
  }

  /**
   * Fraction of the level-0 rectangle [x, x+w) × [y, y+h) that is tissue, from 0 to 1; a partly
   * covered mask pixel counts by the part covered, and anything beyond the mask counts as no
   * tissue. Constant time (summed-area table).
   */
  public double tissueFraction(long x, long y, long w, long h) {
    if (w <= 0 || h <= 0) {
      return 0;
    }
    double d = downsample;
    double area = mask.area(x / d, y / d, (x + w) / d, (y + h) / d);
    return Math.clamp(area * d * d / ((double) w * h), 0.0, 1.0);
  }

  /** Tissue area in level-0 square pixels, from the mask. */
  public double tissueArea() {
    return mask.count() * downsample * downsample;
  }

  /** Whether no tissue was found. */
  public boolean isEmpty() {
    return mask.count() == 0;
  }
}
