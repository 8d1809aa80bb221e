package org.mhim.viewer.features;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A folder of feature bags in the layout CLAM and the reference MHIM-MIL use: {@code
 * h5_files/<slide>.h5} (features, coordinates, attributes) and {@code pt_files/<slide>.pt}
 * (features only).
 */
public record FeatureDirectory(Path root) {

  public Path h5File(String slideId) {
    return root.resolve("h5_files").resolve(slideId + ".h5");
  }

  public Path ptFile(String slideId) {
    return root.resolve("pt_files").resolve(slideId + ".pt");
  }

  /** Whether both files of a slide are there. */
  public boolean contains(String slideId) {
    return Files.isRegularFile(h5File(slideId)) && Files.isRegularFile(ptFile(slideId));
  }

  /**
   * Writes both files, each atomically; the h5 file last, since it marks a slide as done.
   *
   * @throws IOException naming the file when the bag is empty (a slide without tissue patches:
   *     HDF5 writers, and MIL models, have nothing to work with) or the files cannot be written
   */
  public void write(FeatureBag bag) throws IOException {
    if (bag.count() == 0) {
      throw new IOException(h5File(bag.slideId()) + ": no patches to write (no tissue was found on the slide)");
    }
    FeatureBagPt.write(ptFile(bag.slideId()), bag);
    FeatureBagH5.write(h5File(bag.slideId()), bag);
  }

  /** Reads a slide's bag: the h5 file when present (it has coordinates), else the pt file. */
  public FeatureBag read(String slideId) throws IOException {
    Path h5 = h5File(slideId);
    if (Files.isRegularFile(h5)) {
      return FeatureBagH5.read(h5);
    }
    Path pt = ptFile(slideId);
    if (Files.isRegularFile(pt)) {
      return FeatureBagPt.read(pt);
    }
    throw new IOException(root + ": no features for slide " + slideId + " (neither " + h5 + " nor " + pt + ")");
  }
}
