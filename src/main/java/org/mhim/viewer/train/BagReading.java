package org.mhim.viewer.train;

import java.io.IOException;
import java.nio.file.Path;
import org.mhim.viewer.features.FeatureBag;
import org.mhim.viewer.features.FeatureBagH5;
import org.mhim.viewer.features.FeatureBagPt;

/** Reads a located feature file by its kind (h5 or pt). */
final class BagReading {

  private BagReading() {}

  static FeatureBag read(Path file) throws IOException {
    return file.getFileName().toString().endsWith(".h5") ? FeatureBagH5.read(file) : FeatureBagPt.read(file);
  }
}
