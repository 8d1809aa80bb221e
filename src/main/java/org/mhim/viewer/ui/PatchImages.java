package org.mhim.viewer.ui;

import javafx.scene.image.Image;
import org.mhim.viewer.analysis.Instances;
import org.mhim.viewer.slide.ArgbImage;
import org.mhim.viewer.slide.RegionSource;
import org.mhim.viewer.slide.SlideMetadata;

/** Reads one instance's patch from the slide as an image; background threads only (it reads the slide). */
final class PatchImages {

  private PatchImages() {}

  /** The patch at full resolution (level 0), pixel for pixel. */
  static Image fullResolution(RegionSource source, Instances instances, int i) {
    return FxTileImages.toImage(
        source.readRegion(instances.x(i), instances.y(i), 0, instances.width(i), instances.height(i)));
  }

  /**
   * The patch from the coarsest level on which it is still at least {@code minSide} pixels wide:
   * a thumbnail without reading (and shrinking) the full-resolution pixels.
   */
  static Image thumbnail(RegionSource source, Instances instances, int i, int minSide) {
    SlideMetadata metadata = source.metadata();
    int level = 0;
    for (int l = 1; l < metadata.levelCount(); l++) {
      if (instances.width(i) / metadata.level(l).downsample() >= minSide) {
        level = l;
      }
    }
    double downsample = metadata.level(level).downsample();
    int w = Math.max(1, (int) Math.round(instances.width(i) / downsample));
    int h = Math.max(1, (int) Math.round(instances.height(i) / downsample));
    ArgbImage pixels = source.readRegion(instances.x(i), instances.y(i), level, w, h);
    return FxTileImages.toImage(pixels);
  }
}
