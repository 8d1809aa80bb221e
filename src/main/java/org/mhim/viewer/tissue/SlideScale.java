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

  /** A level whose downsample exceeds the wanted one by less than this factor still counts. */
  static final double LEVEL_TOLERANCE = 1.01;

  /**
   * The coarsest level whose downsample does not exceed {@code downsample} (within 1%, since
   * OpenSlide reports 4.0003 for a level of a slide whose size is not a multiple of 4); level 0
   * when all are coarser.
   */
  static int levelAtMost(SlideMetadata metadata, double downsample) {
    int best = 0;
    for (int i = 0; i < metadata.levelCount(); i++) {
      double d = metadata.level(i).downsample();
      if (d <= downsample * LEVEL_TOLERANCE && d >= metadata.level(best).downsample()) {
        best = i;
      }
    }
    return best;
  }
}
