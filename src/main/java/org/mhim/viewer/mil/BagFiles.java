package org.mhim.viewer.mil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.mhim.viewer.features.FeatureBag;
import org.mhim.viewer.features.FeatureBagH5;
import org.mhim.viewer.features.FeatureBagPt;

/**
 * Reads the model's input from a feature-bag file: the reference's {@code pt_files/<slide>.pt} or
 * an HDF5 file (ours, CLAM's or TRIDENT's), through the readers of {@code features}.
 */
public final class BagFiles {

  private BagFiles() {}

  public static Bag read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no such bag file");
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    FeatureBag bag;
    if (name.endsWith(".h5") || name.endsWith(".hdf5")) {
      bag = FeatureBagH5.read(file);
    } else if (name.endsWith(".pt") || name.endsWith(".pth")) {
      bag = FeatureBagPt.read(file);
    } else {
      throw new IOException(file + ": unknown bag format (expected .pt or .h5)");
    }
    return new Bag(bag.features(), bag.count(), bag.dim());
  }
}
