package org.mhim.viewer.mil;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.mhim.viewer.features.torch.TorchTensor;
import org.mhim.viewer.features.torch.TorchZip;

/**
 * Reads a bag's features from the reference's {@code pt_files/<slide>.pt} (one tensor
 * {@code [N, D]}) or from an HDF5 feature file's {@code features} dataset ({@code [N, D]}, or
 * {@code [1, N, D]}). A stopgap until the feature-bag files of {@code features} cover both.
 */
public final class BagFiles {

  private BagFiles() {}

  public static Bag read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no such bag file");
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".h5") || name.endsWith(".hdf5")) {
      return readHdf5(file);
    }
    if (name.endsWith(".pt") || name.endsWith(".pth")) {
      return readTorch(file);
    }
    throw new IOException(file + ": unknown bag format (expected .pt or .h5)");
  }

  static Bag readTorch(Path file) throws IOException {
    TorchTensor t = TorchZip.readSingleTensor(file);
    long[] s = t.shape();
    if (s.length == 3 && s[0] == 1) {
      s = new long[] {s[1], s[2]};
    }
    if (s.length != 2 || s[0] < 1 || s[1] < 1) {
      throw new IOException(file + ": a bag is a [N, D] tensor, this one is " + java.util.Arrays.toString(t.shape()));
    }
    return new Bag(t.toFloatArray(), Math.toIntExact(s[0]), Math.toIntExact(s[1]));
  }

  static Bag readHdf5(Path file) throws IOException {
    try (HdfFile hdf = new HdfFile(file)) {
      Node node = hdf.getByPath("features");
      if (!(node instanceof Dataset ds)) {
        throw new IOException(file + ": 'features' is not a dataset");
      }
      int[] dims = ds.getDimensions();
      int[] shape = dims.length == 3 && dims[0] == 1 ? new int[] {dims[1], dims[2]} : dims;
      if (shape.length != 2 || shape[0] < 1 || shape[1] < 1) {
        throw new IOException(
            file + ": 'features' must be [N, D], it is " + java.util.Arrays.toString(dims));
      }
      Object data = ds.getData();
      if (data instanceof float[][][] cube) {
        data = cube[0];
      } else if (data instanceof double[][][] cube) {
        data = cube[0];
      }
      float[] flat = new float[shape[0] * shape[1]];
      if (data instanceof float[][] rows) {
        for (int i = 0; i < rows.length; i++) {
          System.arraycopy(rows[i], 0, flat, i * shape[1], shape[1]);
        }
      } else if (data instanceof double[][] rows) {
        for (int i = 0; i < rows.length; i++) {
          for (int j = 0; j < shape[1]; j++) {
            flat[i * shape[1] + j] = (float) rows[i][j];
          }
        }
      } else {
        throw new IOException(file + ": 'features' holds " + ds.getJavaType() + ", not floats");
      }
      return new Bag(flat, shape[0], shape[1]);
    } catch (HdfException e) {
      throw new IOException(file + ": not a readable HDF5 feature file with 'features' (" + e.getMessage() + ")", e);
    }
  }
}
