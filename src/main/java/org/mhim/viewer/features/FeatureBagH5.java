package org.mhim.viewer.features;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.api.WritableDataset;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.mhim.viewer.io.AtomicFiles;
import org.mhim.viewer.io.FileNames;

/**
 * Feature bags as HDF5, the layout of CLAM and TRIDENT: dataset {@code features} [N, D] float32 and
 * {@code coords} [N, 2] int64 (level-0 top-left x, y), with the patch geometry as attributes of
 * {@code coords} under their names ({@code patch_size}, {@code patch_level}, {@code
 * patch_size_level0}, {@code target_magnification}) and the encoder as {@code encoder} on {@code
 * features}. Reading also accepts their variants: features as [1, N, D], float16 or float64,
 * coords as int32 or float, attributes missing.
 */
public final class FeatureBagH5 {

  private FeatureBagH5() {}

  /** Writes {@code bag} to {@code file} atomically. */
  public static void write(Path file, FeatureBag bag) throws IOException {
    float[][] rows = new float[bag.count()][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = bag.row(i);
    }
    long[][] coords = new long[bag.hasCoords() ? bag.count() : 0][];
    for (int i = 0; i < coords.length; i++) {
      coords[i] = new long[] {bag.x(i), bag.y(i)};
    }
    BagAttributes a = bag.attributes();
    AtomicFiles.writeFile(
        file,
        temporary -> {
          try (WritableHdfFile hdf = HdfFile.write(temporary)) {
            WritableDataset features = hdf.putDataset("features", rows);
            features.putAttribute("encoder", a.encoderId());
            features.putAttribute("name", bag.slideId());
            WritableDataset positions = hdf.putDataset("coords", coords);
            positions.putAttribute("patch_size", (long) a.patchSize());
            positions.putAttribute("patch_level", (long) a.patchLevel());
            positions.putAttribute("patch_size_level0", a.patchSizeLevel0());
            positions.putAttribute("target_magnification", a.magnification());
            positions.putAttribute("name", bag.slideId());
          } catch (HdfException e) {
            throw new IOException(file + ": cannot write HDF5: " + e.getMessage(), e);
          }
        });
  }

  /** Reads a bag; the slide id is the file name without {@code .h5}. */
  public static FeatureBag read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no such feature file");
    }
    try (HdfFile hdf = new HdfFile(file)) {
      Dataset features = dataset(hdf, file, "features");
      int[] shape = features.getDimensions();
      // TRIDENT and some CLAM forks keep a leading batch axis of 1.
      if (shape.length == 3 && shape[0] == 1) {
        shape = new int[] {shape[1], shape[2]};
      }
      if (shape.length != 2 || shape[1] < 1) {
        throw new IOException(file + ": 'features' should be [N, D], not " + Arrays.toString(features.getDimensions()));
      }
      float[] values = toFloats(features.getDataFlat(), file);
      long[] coords = new long[0];
      BagAttributes attributes = BagAttributes.unknown();
      Node coordsNode = hdf.getChild("coords");
      if (coordsNode instanceof Dataset positions) {
        coords = coordsOf(positions, shape[0], file);
        attributes =
            new BagAttributes(
                (int) number(positions, "patch_size"),
                (int) number(positions, "patch_level"),
                (long) number(positions, "patch_size_level0"),
                number(positions, "target_magnification"),
                text(features, "encoder"));
      }
      return new FeatureBag(FileNames.stem(file), shape[1], values, coords, attributes);
    } catch (HdfException e) {
      throw new IOException(file + ": not a readable HDF5 feature file: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  private static Dataset dataset(HdfFile hdf, Path file, String name) throws IOException {
    Node node = hdf.getChild(name);
    if (!(node instanceof Dataset dataset)) {
      throw new IOException(file + ": no '" + name + "' dataset (expected CLAM/TRIDENT layout)");
    }
    return dataset;
  }

  private static long[] coordsOf(Dataset positions, int rows, Path file) throws IOException {
    int[] shape = positions.getDimensions();
    if (shape.length == 3 && shape[0] == 1) {
      shape = new int[] {shape[1], shape[2]};
    }
    if (shape.length != 2 || shape[0] != rows || shape[1] != 2) {
      throw new IOException(
          file + ": 'coords' should be [" + rows + ", 2], not " + Arrays.toString(positions.getDimensions()));
    }
    Object flat = positions.getDataFlat();
    long[] coords = new long[Array.getLength(flat)];
    for (int i = 0; i < coords.length; i++) {
      coords[i] = Math.round(((Number) Array.get(flat, i)).doubleValue());
    }
    return coords;
  }

  private static float[] toFloats(Object flat, Path file) throws IOException {
    if (flat instanceof float[] floats) {
      return floats;
    }
    if (!flat.getClass().isArray() || !flat.getClass().getComponentType().isPrimitive()) {
      throw new IOException(file + ": 'features' are not numbers");
    }
    float[] floats = new float[Array.getLength(flat)];
    for (int i = 0; i < floats.length; i++) {
      floats[i] = ((Number) Array.get(flat, i)).floatValue();
    }
    return floats;
  }

  /** A numeric attribute, or 0 when absent or not a number (other tools store fewer). */
  private static double number(Node node, String name) {
    Object value = value(node, name);
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof String s) {
      try {
        return Double.parseDouble(s);
      } catch (NumberFormatException e) {
        return 0; // TRIDENT writes 'None' for unknown values
      }
    }
    return 0;
  }

  private static String text(Node node, String name) {
    Object value = value(node, name);
    return value instanceof String s ? s : "";
  }

  private static Object value(Node node, String name) {
    Attribute attribute = node.getAttributes().get(name);
    if (attribute == null) {
      return null;
    }
    Object data = attribute.getData();
    // h5py may store a scalar as a one-element array.
    if (data != null && data.getClass().isArray() && Array.getLength(data) == 1) {
      data = Array.get(data, 0);
    }
    return data;
  }
}
