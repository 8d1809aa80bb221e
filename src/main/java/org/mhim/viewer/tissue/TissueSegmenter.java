package org.mhim.viewer.tissue;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Turns a low-resolution stain raster (0–255 per pixel, from {@link TissueChannel}) into a tissue
 * mask: median filter, Otsu threshold (with a floor), closing and opening, small pieces dropped,
 * small holes filled.
 */
public final class TissueSegmenter {

  private TissueSegmenter() {}

  /**
   * @param stain the channel values, row-major
   * @param pixelAreaUm2 the physical area of one raster pixel, for the area limits
   */
  public static BinaryMask segment(
      byte[] stain, int width, int height, double pixelAreaUm2, TissueDetectionSettings settings) {
    return segment(stain, width, height, pixelAreaUm2, settings, () -> false);
  }

  /**
   * As {@link #segment(byte[], int, int, double, TissueDetectionSettings)}, looking at {@code
   * stopRequested} between the steps (each a fraction of a second on a mask of a few million
   * pixels).
   *
   * @throws CancellationException when {@code stopRequested} turns true
   */
  public static BinaryMask segment(
      byte[] stain,
      int width,
      int height,
      double pixelAreaUm2,
      TissueDetectionSettings settings,
      BooleanSupplier stopRequested) {
    byte[] smooth = MedianFilter.apply(stain, width, height, settings.medianSize());
    checkStop(stopRequested);
    int threshold =
        Math.max(OtsuThreshold.of(OtsuThreshold.histogram(smooth)), settings.minThreshold());
    byte[] bits = new byte[smooth.length];
    for (int i = 0; i < smooth.length; i++) {
      bits[i] = (smooth[i] & 0xFF) > threshold ? (byte) 1 : 0;
    }
    bits = Morphology.close(bits, width, height, settings.closeSize());
    checkStop(stopRequested);
    bits = Morphology.open(bits, width, height, settings.openSize());
    checkStop(stopRequested);
    removeSmallPieces(bits, width, height, settings.minTissueAreaUm2() / pixelAreaUm2);
    checkStop(stopRequested);
    fillSmallHoles(bits, width, height, settings.maxFilledHoleAreaUm2() / pixelAreaUm2);
    checkStop(stopRequested);
    return BinaryMask.of(width, height, bits);
  }

  static void checkStop(BooleanSupplier stopRequested) {
    if (stopRequested.getAsBoolean()) {
      throw new CancellationException("tissue detection cancelled");
    }
  }

  private static void removeSmallPieces(byte[] bits, int width, int height, double minPixels) {
    ConnectedComponents pieces =
        ConnectedComponents.label(bits, width, height, 1, ConnectedComponents.Connectivity.FOUR);
    int[] labels = pieces.labels();
    for (int i = 0; i < bits.length; i++) {
      if (labels[i] != 0 && pieces.areas()[labels[i]] < minPixels) {
        bits[i] = 0;
      }
    }
  }

  /** Fills background pockets that do not reach the border and are smaller than the limit. */
  private static void fillSmallHoles(byte[] bits, int width, int height, double maxPixels) {
    // Background joins through corners, the dual of 4-connected tissue, as the contour tracer sees it.
    ConnectedComponents pockets =
        ConnectedComponents.label(bits, width, height, 0, ConnectedComponents.Connectivity.EIGHT);
    int[] labels = pockets.labels();
    for (int i = 0; i < bits.length; i++) {
      int label = labels[i];
      if (label != 0 && !pockets.touchesBorder()[label] && pockets.areas()[label] < maxPixels) {
        bits[i] = 1;
      }
    }
  }
}
