package org.mhim.viewer.tissue;

import java.util.function.BooleanSupplier;
import org.mhim.viewer.slide.RegionSource;
import org.mhim.viewer.slide.SlideMetadata;

/**
 * A low-resolution view of a slide as one {@link TissueChannel} value per pixel.
 *
 * @param values channel values, row-major, 0–255
 * @param level the pyramid level it was read from
 * @param downsample level-0 pixels per raster pixel
 */
record StainRaster(byte[] values, int width, int height, int level, double downsample) {

  /**
   * Reads the coarsest level not coarser than wanted and, when it is finer than wanted, shrinks
   * it by the nearest integer factor. Wanted is the target downsample, lowered so the long side
   * keeps at least {@code minMaskSide} pixels. Stops with a {@link
   * java.util.concurrent.CancellationException} when {@code stopRequested} turns true.
   */
  static StainRaster read(RegionSource source, TissueDetectionSettings settings, BooleanSupplier stopRequested) {
    SlideMetadata metadata = source.metadata();
    long longSide = Math.max(metadata.width(), metadata.height());
    double wanted =
        Math.max(1, Math.min(settings.targetDownsample(), (double) longSide / settings.minMaskSide()));
    int level = SlideScale.levelAtMost(metadata, wanted);
    double levelDownsample = metadata.level(level).downsample();
    int factor = (int) Math.max(1, Math.round(wanted / levelDownsample));
    var image = ReducedImage.read(source, level, factor, stopRequested);
    int[] pixels = image.pixels();
    byte[] values = new byte[pixels.length];
    TissueChannel channel = settings.channel();
    for (int i = 0; i < pixels.length; i++) {
      int p = pixels[i];
      values[i] = (byte) channel.value((p >>> 16) & 0xFF, (p >>> 8) & 0xFF, p & 0xFF);
    }
    return new StainRaster(
        values, image.width(), image.height(), level, levelDownsample * factor);
  }
}
