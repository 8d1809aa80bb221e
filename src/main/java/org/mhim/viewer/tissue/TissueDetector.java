package org.mhim.viewer.tissue;

import java.util.ArrayList;
import java.util.List;
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
    SlideMetadata metadata = source.metadata();
    StainRaster raster = StainRaster.read(source, settings);
    double micronsPerPixel =
        SlideScale.micronsPerPixelOr(metadata, settings.fallbackMicronsPerPixel())
            * raster.downsample();
    BinaryMask mask =
        TissueSegmenter.segment(
            raster.values(),
            raster.width(),
            raster.height(),
            micronsPerPixel * micronsPerPixel,
            settings);
    return new TissueMask(mask, raster.level(), raster.downsample(), outline(mask, raster.downsample()));
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
