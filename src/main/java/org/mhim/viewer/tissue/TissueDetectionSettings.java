package org.mhim.viewer.tissue;

/**
 * Tunables of {@link TissueDetector}. Sizes of filters are in mask pixels; areas are physical,
 * converted with the slide's pixel size (or 10 µm / objective, or {@code fallbackMicronsPerPixel}
 * when the slide states neither).
 *
 * @param targetDownsample level-0 pixels per mask pixel to aim for (CLAM works near 32–64)
 * @param minMaskSide the mask's longer side is at least this many pixels when the slide is big
 *     enough, so a small slide is not judged from a postage stamp (lowers the downsample)
 * @param channel what to threshold
 * @param medianSize side of the median filter window (odd; 1 turns it off)
 * @param minThreshold the Otsu threshold is raised to at least this (0–255), so a blank slide,
 *     whose histogram is all noise, yields no tissue
 * @param closeSize side of the square closing element (bridges gaps; 1 turns it off)
 * @param openSize side of the square opening element (removes specks; 1 turns it off)
 * @param minTissueAreaUm2 tissue pieces smaller than this (µm²) are dropped
 * @param maxFilledHoleAreaUm2 holes in tissue smaller than this (µm²) are filled; larger holes
 *     (lumens, fat) are kept as polygon holes
 * @param simplifyTolerance Douglas–Peucker tolerance for the polygons, in mask pixels (0 keeps the
 *     exact pixel staircase); the mask itself is never simplified
 * @param fallbackMicronsPerPixel pixel size assumed for area limits when the slide states none
 */
public record TissueDetectionSettings(
    double targetDownsample,
    int minMaskSide,
    TissueChannel channel,
    int medianSize,
    int minThreshold,
    int closeSize,
    int openSize,
    double minTissueAreaUm2,
    double maxFilledHoleAreaUm2,
    double simplifyTolerance,
    double fallbackMicronsPerPixel) {

  public TissueDetectionSettings {
    if (!(targetDownsample >= 1)) {
      throw new IllegalArgumentException("target downsample must be at least 1, got " + targetDownsample);
    }
    if (minMaskSide < 1) {
      throw new IllegalArgumentException("minimum mask side must be positive, got " + minMaskSide);
    }
    if (medianSize < 1 || medianSize % 2 == 0) {
      throw new IllegalArgumentException("median size must be odd and positive, got " + medianSize);
    }
    if (minThreshold < 0 || minThreshold > 255) {
      throw new IllegalArgumentException("minimum threshold must lie in 0–255, got " + minThreshold);
    }
    if (closeSize < 1 || openSize < 1) {
      throw new IllegalArgumentException("morphology sizes must be positive");
    }
    if (!(minTissueAreaUm2 >= 0) || !(maxFilledHoleAreaUm2 >= 0) || !(simplifyTolerance >= 0)) {
      throw new IllegalArgumentException("areas and tolerance must not be negative");
    }
    if (!(fallbackMicronsPerPixel > 0)) {
      throw new IllegalArgumentException("fallback pixel size must be positive");
    }
  }

  /**
   * Downsample 32 (at least 1024 mask pixels on the long side), saturation, median 7, Otsu no
   * lower than 15, closing 5, opening 3, tissue pieces from 0.01 mm², holes up to 0.02 mm²
   * filled, polygons simplified within one mask pixel, 0.5 µm/px when unknown.
   */
  public static TissueDetectionSettings defaults() {
    return new TissueDetectionSettings(
        32, 1024, TissueChannel.SATURATION, 7, 15, 5, 3, 10_000, 20_000, 1.0, 0.5);
  }

  public TissueDetectionSettings withTargetDownsample(double value) {
    return new TissueDetectionSettings(value, minMaskSide, channel, medianSize, minThreshold,
        closeSize, openSize, minTissueAreaUm2, maxFilledHoleAreaUm2, simplifyTolerance,
        fallbackMicronsPerPixel);
  }

  public TissueDetectionSettings withMinMaskSide(int value) {
    return new TissueDetectionSettings(targetDownsample, value, channel, medianSize, minThreshold,
        closeSize, openSize, minTissueAreaUm2, maxFilledHoleAreaUm2, simplifyTolerance,
        fallbackMicronsPerPixel);
  }

  public TissueDetectionSettings withChannel(TissueChannel value) {
    return new TissueDetectionSettings(targetDownsample, minMaskSide, value, medianSize,
        minThreshold, closeSize, openSize, minTissueAreaUm2, maxFilledHoleAreaUm2,
        simplifyTolerance, fallbackMicronsPerPixel);
  }

  public TissueDetectionSettings withMinThreshold(int value) {
    return new TissueDetectionSettings(targetDownsample, minMaskSide, channel, medianSize, value,
        closeSize, openSize, minTissueAreaUm2, maxFilledHoleAreaUm2, simplifyTolerance,
        fallbackMicronsPerPixel);
  }

  public TissueDetectionSettings withMinTissueAreaUm2(double value) {
    return new TissueDetectionSettings(targetDownsample, minMaskSide, channel, medianSize,
        minThreshold, closeSize, openSize, value, maxFilledHoleAreaUm2, simplifyTolerance,
        fallbackMicronsPerPixel);
  }

  public TissueDetectionSettings withMaxFilledHoleAreaUm2(double value) {
    return new TissueDetectionSettings(targetDownsample, minMaskSide, channel, medianSize,
        minThreshold, closeSize, openSize, minTissueAreaUm2, value, simplifyTolerance,
        fallbackMicronsPerPixel);
  }

  public TissueDetectionSettings withSimplifyTolerance(double value) {
    return new TissueDetectionSettings(targetDownsample, minMaskSide, channel, medianSize,
        minThreshold, closeSize, openSize, minTissueAreaUm2, maxFilledHoleAreaUm2, value,
        fallbackMicronsPerPixel);
  }
}
