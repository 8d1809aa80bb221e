package org.mhim.viewer.tissue;

import org.mhim.viewer.slide.SlideMetadata;

/** The physical size of a slide's pixels, from what the slide states. */
final class SlideScale {

  private SlideScale() {}

  /** Microns per level-0 pixel (mean of x and y when both are stated), or 0 when unknown. */
  static double micronsPerPixel(SlideMetadata metadata) {
    double x = metadata.mppX().orElse(0);
    double y = metadata.mppY().orElse(0);
    if (x > 0 && y > 0) {
      return (x + y) / 2;
    }
    return Math.max(x, 0) + Math.max(y, 0) > 0 ? Math.max(x, y) : 0;
  }

  /**
   * Microns per level-0 pixel for converting physical areas: the stated size, else the usual
   * 10 µm / objective, else {@code fallback}.
   */
  static double micronsPerPixelOr(SlideMetadata metadata, double fallback) {
    double mpp = micronsPerPixel(metadata);
    if (mpp > 0) {
      return mpp;
    }
    double objective = metadata.objectivePower().orElse(0);
    return objective > 0 ? 10.0 / objective : fallback;
  }
}
