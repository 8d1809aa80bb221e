package org.mhim.viewer.features;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.mhim.viewer.features.torch.TorchTensor;
import org.mhim.viewer.features.torch.TorchZip;
import org.mhim.viewer.features.torch.TorchZipWriter;
import org.mhim.viewer.io.FileNames;

/**
 * Feature bags as the reference MHIM-MIL reads them: {@code pt_files/<slide>.pt}, one float32
 * tensor [N, D] saved with {@code torch.save}. Such a file holds no coordinates or attributes.
 */
public final class FeatureBagPt {

  private FeatureBagPt() {}

  /** Writes the bag's features as a float32 [N, D] tensor, atomically. */
  public static void write(Path file, FeatureBag bag) throws IOException {
    TorchZipWriter.writeTensor(file, TorchTensor.ofFloats(bag.features(), bag.count(), bag.dim()));
  }

  /**
   * Reads a {@code pt_files} bag ([N, D], or [1, N, D]; any floating dtype); the slide id is the
   * file name without {@code .pt}.
   */
  public static FeatureBag read(Path file) throws IOException {
    TorchTensor tensor = TorchZip.readSingleTensor(file);
    long[] shape = tensor.shape();
    if (shape.length == 3 && shape[0] == 1) {
      shape = new long[] {shape[1], shape[2]};
    }
    if (shape.length != 2 || shape[1] < 1) {
      throw new IOException(file + ": a feature bag is a [N, D] tensor, not " + Arrays.toString(tensor.shape()));
    }
    return new FeatureBag(
        FileNames.stem(file), Math.toIntExact(shape[1]), tensor.toFloatArray(), new long[0], BagAttributes.unknown());
  }
}
