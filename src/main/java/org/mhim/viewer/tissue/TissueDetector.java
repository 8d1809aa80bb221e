package org.mhim.viewer.tissue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.mhim.viewer.slide.RegionSource;
import org.mhim.viewer.slide.SlideMetadata;

/**
 * Finds the tissue on a slide, CLAM-style: a low-resolution level is read, reduced to a stain
 * measure (saturation by default), median filtered, thresholded by Otsu, cleaned by closing and
 * opening, rid of small pieces and small holes, and traced into polygons in level-0 coordinates.
 * Stateless and thread-safe.
 */
public final class TissueDetector {

  private final TissueDetectionSettings settings;

  public TissueDetector(TissueDetectionSettings settings) {
    this.settings = settings;
  }

  /** A detector with {@link TissueDetectionSettings#defaults()}. */
  public TissueDetector() {
    this(TissueDetectionSettings.defaults());
  }

  public TissueDetectionSettings settings() {
    return settings;
  }

  /**
   * Detects the tissue of a slide.
   *
   * @throws org.mhim.viewer.slide.SlideException when the slide cannot be read
   */
  public TissueMask detect(RegionSource source) {
    return detect(source, () -> false);
  }

  /**
   * Detects the tissue of a slide, giving up soon after {@code stopRequested} turns true: it is
   * asked between the reads of the level (a mebipixel each) and between the steps that follow, so
   * detection on a slide of any size stops within one read or one step (a fraction of a second
   * each).
   *
   * @throws CancellationException naming the slide when stopped
   * @throws org.mhim.viewer.slide.SlideException when the slide cannot be read
   */
  public TissueMask detect(RegionSource source, BooleanSupplier stopRequested) {
    try {
      return detectOrStop(source, stopRequested);
    } catch (CancellationException e) {
      String slide = String.valueOf(source.metadata().path());
      throw e.getMessage() != null && e.getMessage().startsWith(slide)
          ? e
          : new CancellationException(slide + ": " + e.getMessage());
    }
  }

  private TissueMask detectOrStop(RegionSource source, BooleanSupplier stopRequested) {
    SlideMetadata metadata = source.metadata();
    StainRaster raster = StainRaster.read(source, settings, stopRequested);
    double micronsPerPixel =
        SlideScale.micronsPerPixelOr(metadata, settings.fallbackMicronsPerPixel())
            * raster.downsample();
    BinaryMask mask =
        TissueSegmenter.segment(
            raster.values(),
            raster.width(),
            raster.height(),
            micronsPerPixel * micronsPerPixel,
            settings,
            stopRequested);
    List<Polygon> polygons = outline(mask, raster.downsample());
    TissueSegmenter.checkStop(stopRequested);
    return new TissueMask(mask, raster.level(), raster.downsample(), polygons);
  }

  /** The mask's polygons, simplified in mask pixels, then scaled to level-0 pixels. */
  private List<Polygon> outline(BinaryMask mask, double downsample) {
    List<Polygon> polygons = new ArrayList<>();
    for (Polygon traced : ContourTracer.trace(mask)) {
      polygons.add(
          PolygonSimplifier.simplify(traced, settings.simplifyTolerance())
              .transformed(downsample, 0, 0));
    }
    return polygons;
  }
}
