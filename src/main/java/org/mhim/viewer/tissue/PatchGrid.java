package org.mhim.viewer.tissue;

import java.util.Arrays;
import org.mhim.viewer.slide.SlideException;
import org.mhim.viewer.slide.SlideMetadata;

/**
 * The patches of one slide at a target magnification.
 *
 * <p>Coordinates are the level-0 top-left corners of the patches, as CLAM and TRIDENT store them,
 * in row-major order (top row first, left to right). Only patches wholly inside the slide are
 * laid: a patch that would cross the right or bottom edge is dropped, not padded, so every patch
 * is real slide content.
 *
 * <p>To read patch {@code i}: read {@code readSize × readSize} pixels of {@code readLevel} at
 * level-0 {@code (x(i), y(i))} and resize to {@code outputSize × outputSize} (usually a reduction,
 * since the read level is never coarser than needed, beyond a 1% tolerance for levels whose
 * downsample is a hair off the ideal).
 *
 * @param magnification the target magnification
 * @param downsample level-0 pixels per pixel at the target magnification
 * @param level0PatchSize patch side in level-0 pixels
 * @param level0Step distance between patch corners in level-0 pixels
 * @param readLevel the pyramid level to read patches from
 * @param readSize patch side in pixels of {@code readLevel}
 * @param outputSize patch side after resizing (the settings' patch size)
 * @param coordinates interleaved level-0 corners {@code x0, y0, x1, y1, …}
 */
public record PatchGrid(
    double magnification,
    double downsample,
    int level0PatchSize,
    int level0Step,
    int readLevel,
    int readSize,
    int outputSize,
    long[] coordinates) {

  public PatchGrid {
    if (coordinates.length % 2 != 0) {
      throw new IllegalArgumentException("coordinates come in x, y pairs");
    }
    coordinates = coordinates.clone();
  }

  /** Every patch inside the slide, whatever is on it. */
  public static PatchGrid build(SlideMetadata metadata, PatchGridSettings settings) {
    return build(metadata, null, settings);
  }

  /**
   * Lays the grid over the slide and keeps the patches with enough tissue.
   *
   * @param tissue where the tissue is; null keeps every patch
   * @throws SlideException when the slide states neither pixel size nor objective power and the
   *     settings give no downsample override
   */
  public static PatchGrid build(
      SlideMetadata metadata, TissueMask tissue, PatchGridSettings settings) {
    double downsample = downsample(metadata, settings);
    int patch = Math.toIntExact(Math.max(1, Math.round(settings.patchSize() * downsample)));
    int step = Math.toIntExact(Math.max(1, Math.round(settings.step() * downsample)));
    int level = SlideScale.levelAtMost(metadata, downsample);
    double levelDownsample = metadata.level(level).downsample();
    int readSize = Math.toIntExact(Math.max(1, Math.round(patch / levelDownsample)));

    long width = metadata.width();
    long height = metadata.height();
    long columns = width >= patch ? (width - patch) / step + 1 : 0;
    long rows = height >= patch ? (height - patch) / step + 1 : 0;
    long[] kept = new long[(int) Math.min(2 * columns * rows, 1 << 20)];
    int n = 0;
    for (long row = 0; row < rows; row++) {
      long y = row * step;
      for (long column = 0; column < columns; column++) {
        long x = column * step;
        if (tissue != null
            && settings.minTissueFraction() > 0
            && tissue.tissueFraction(x, y, patch, patch) < settings.minTissueFraction()) {
          continue;
        }
        if (n + 2 > kept.length) {
          kept = Arrays.copyOf(kept, Math.max(16, kept.length * 2));
        }
        kept[n++] = x;
        kept[n++] = y;
      }
    }
    return new PatchGrid(
        settings.magnification(),
        downsample,
        patch,
        step,
        level,
        readSize,
        settings.patchSize(),
        Arrays.copyOf(kept, n));
  }

  /**
   * Level-0 pixels per pixel at the target magnification: from the pixel size (target µm per
   * pixel is 10 / magnification, so 20× is 0.5 µm), else from the objective power, unless the
   * settings override it.
   */
  public static double downsample(SlideMetadata metadata, PatchGridSettings settings) {
    if (settings.downsampleOverride().isPresent()) {
      return settings.downsampleOverride().getAsDouble();
    }
    double mpp = SlideScale.micronsPerPixel(metadata);
    if (mpp > 0) {
      return (10.0 / settings.magnification()) / mpp;
    }
    if (metadata.objectivePower().isPresent() && metadata.objectivePower().getAsDouble() > 0) {
      return metadata.objectivePower().getAsDouble() / settings.magnification();
    }
    throw new SlideException(
        metadata.path(),
        "the slide states neither its pixel size (MPP) nor its objective power, so "
            + settings.magnification()
            + "× cannot be located; give the downsample (level-0 pixels per patch pixel) explicitly"
            + " (--downsample D on the command line)");
  }

  @Override
  public long[] coordinates() {
    return coordinates.clone();
  }

  /** Number of patches. */
  public int count() {
    return coordinates.length / 2;
  }

  /** Level-0 left edge of patch {@code i}. */
  public long x(int i) {
    return coordinates[2 * i];
  }

  /** Level-0 top edge of patch {@code i}. */
  public long y(int i) {
    return coordinates[2 * i + 1];
  }

  /** The corners as {@code [N][2]} (x, y), the shape of the {@code coords} dataset of h5 files. */
  public long[][] coordinatePairs() {
    long[][] pairs = new long[count()][];
    for (int i = 0; i < pairs.length; i++) {
      pairs[i] = new long[] {x(i), y(i)};
    }
    return pairs;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PatchGrid grid
        && grid.magnification == magnification
        && grid.downsample == downsample
        && grid.level0PatchSize == level0PatchSize
        && grid.level0Step == level0Step
        && grid.readLevel == readLevel
        && grid.readSize == readSize
        && grid.outputSize == outputSize
        && Arrays.equals(grid.coordinates, coordinates);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(coordinates) * 31 + Double.hashCode(downsample) + level0PatchSize;
  }

  @Override
  public String toString() {
    return "PatchGrid[" + count() + " patches of " + level0PatchSize + " level-0 px at "
        + magnification + "×, read " + readSize + " px from level " + readLevel + "]";
  }
}
