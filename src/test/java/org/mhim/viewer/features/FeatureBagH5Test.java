package org.mhim.viewer.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureBagH5Test {

  @TempDir Path dir;

  static FeatureBag randomBag(String id, int n, int d, long seed) {
    Random random = new Random(seed);
    float[] features = new float[n * d];
    for (int i = 0; i < features.length; i++) {
      features[i] = (float) random.nextGaussian();
    }
    long[] coords = new long[2 * n];
    for (int i = 0; i < n; i++) {
      coords[2 * i] = 512L * (i % 7);
      coords[2 * i + 1] = 512L * (i / 7) + 3_000_000_000L; // beyond int range on purpose
    }
    return new FeatureBag(id, d, features, coords, new BagAttributes(256, 1, 512, 20, "stain-texture-v1"));
  }

  @Test
  void roundTripsOurLayout() throws IOException {
    FeatureBag bag = randomBag("slide-a", 23, 9, 1);
    Path file = dir.resolve("h5_files/slide-a.h5");
    FeatureBagH5.write(file, bag);
    FeatureBag back = FeatureBagH5.read(file);
    assertEquals("slide-a", back.slideId());
    assertEquals(23, back.count());
    assertEquals(9, back.dim());
    assertArrayEquals(bag.features(), back.features());
    assertArrayEquals(bag.coords(), back.coords());
    assertEquals(bag.attributes(), back.attributes());
    try (HdfFile hdf = new HdfFile(file)) {
      assertEquals(float.class, hdf.getDatasetByPath("features").getJavaType());
      assertEquals(long.class, hdf.getDatasetByPath("coords").getJavaType());
    }
    try (var listing = Files.list(file.getParent())) {
      assertEquals(1, listing.count(), "no temporary file is left beside the bag");
    }
  }

  @Test
  void readsClamLayout() throws IOException {
    // CLAM's h5_files: features [N, D] float32 without attributes, coords [N, 2] int64 with
    // patch_level and patch_size on coords.
    Path file = dir.resolve("TCGA-01.h5");
    float[][] features = {{1, 2, 3}, {4, 5, 6}};
    try (WritableHdfFile hdf = HdfFile.write(file)) {
      hdf.putDataset("features", features);
      WritableDataset coords = hdf.putDataset("coords", new long[][] {{0, 0}, {1024, 512}});
      coords.putAttribute("patch_level", 0L);
      coords.putAttribute("patch_size", 512L);
    }
    FeatureBag bag = FeatureBagH5.read(file);
    assertEquals("TCGA-01", bag.slideId());
    assertEquals(2, bag.count());
    assertArrayEquals(new float[] {4, 5, 6}, bag.row(1));
    assertEquals(1024, bag.x(1));
    assertEquals(512, bag.y(1));
    assertEquals(512, bag.attributes().patchSize());
    assertEquals("", bag.attributes().encoderId());
    assertFalse(bag.attributes().hasGeometry());
  }

  @Test
  void readsTridentLayoutWithABatchAxisAndStringAttributes() throws IOException {
    // TRIDENT: features may keep a leading axis of 1; coords carry patch_size, patch_size_level0,
    // level0_magnification, target_magnification, overlap, name; unknowns as the string 'None'.
    Path file = dir.resolve("slide-b.h5");
    try (WritableHdfFile hdf = HdfFile.write(file)) {
      WritableDataset features = hdf.putDataset("features", new double[][][] {{{0.5, 1.5}, {2.5, 3.5}, {4.5, 5.5}}});
      features.putAttribute("name", "uni_v1");
      WritableDataset coords = hdf.putDataset("coords", new int[][] {{0, 0}, {448, 0}, {0, 448}});
      coords.putAttribute("patch_size", 224);
      coords.putAttribute("patch_size_level0", 448);
      coords.putAttribute("level0_magnification", 40);
      coords.putAttribute("target_magnification", 20);
      coords.putAttribute("overlap", 0);
      coords.putAttribute("name", "slide-b");
      coords.putAttribute("savetodir", "None");
    }
    FeatureBag bag = FeatureBagH5.read(file);
    assertEquals(3, bag.count());
    assertEquals(2, bag.dim());
    assertArrayEquals(new float[] {4.5f, 5.5f}, bag.row(2));
    assertEquals(448, bag.y(2));
    assertEquals(448, bag.attributes().patchSizeLevel0());
    assertEquals(20, bag.attributes().magnification());
    assertTrue(bag.attributes().hasGeometry());
  }

  @Test
  void readsHalfPrecisionFeatures() throws IOException {
    // Made once with h5py (see src/test/resources/features/README.md): TRIDENT-style float16 [1, 4, 3].
    Path file = Path.of("src/test/resources/features/trident-float16.h5");
    FeatureBag bag = FeatureBagH5.read(file);
    assertEquals(4, bag.count());
    assertEquals(3, bag.dim());
    assertArrayEquals(new float[] {0.5f, -1.25f, 2f}, bag.row(1));
    assertEquals(256, bag.x(1));
  }

  @Test
  void aFileWithoutFeaturesIsNamed() throws IOException {
    Path file = dir.resolve("empty.h5");
    try (WritableHdfFile hdf = HdfFile.write(file)) {
      hdf.putDataset("coords", new long[][] {{0, 0}});
    }
    IOException e = assertThrows(IOException.class, () -> FeatureBagH5.read(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("'features'"), e.getMessage());
  }

  @Test
  void aFileThatIsNotHdf5IsNamed() throws IOException {
    Path file = dir.resolve("junk.h5");
    Files.writeString(file, "this is not HDF5 at all, just text that is long enough to look like something");
    IOException e = assertThrows(IOException.class, () -> FeatureBagH5.read(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
  }

  @Test
  void anEmptyBagIsRefusedWithTheFileNamed() {
    FeatureBag empty = new FeatureBag("blank", 57, new float[0], new long[0], new BagAttributes(256, 0, 256, 20, "stain-texture-v1"));
    FeatureDirectory out = new FeatureDirectory(dir);
    IOException e = assertThrows(IOException.class, () -> out.write(empty));
    assertTrue(e.getMessage().contains("blank") && e.getMessage().contains("no patches"), e.getMessage());
    assertFalse(out.contains("blank"));
  }
}
