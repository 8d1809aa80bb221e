package org.mhim.viewer.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mhim.viewer.features.torch.TorchDType;
import org.mhim.viewer.features.torch.TorchTensor;
import org.mhim.viewer.features.torch.TorchZip;
import org.mhim.viewer.features.torch.TorchZipWriter;

class FeatureBagPtTest {

  @TempDir Path dir;

  @Test
  void roundTripsAsAPlainFloatTensor() throws IOException {
    FeatureBag bag = FeatureBagH5Test.randomBag("slide-c", 17, 5, 2);
    Path file = dir.resolve("pt_files/slide-c.pt");
    FeatureBagPt.write(file, bag);
    // What the model side reads: one float32 [N, D] tensor.
    TorchTensor tensor = TorchZip.readSingleTensor(file);
    assertEquals(TorchDType.FLOAT32, tensor.dtype());
    assertArrayEquals(new long[] {17, 5}, tensor.shape());
    FeatureBag back = FeatureBagPt.read(file);
    assertEquals("slide-c", back.slideId());
    assertArrayEquals(bag.features(), back.features());
    assertFalse(back.hasCoords());
  }

  @Test
  void readsABatchAxisOfOne() throws IOException {
    Path file = dir.resolve("b.pt");
    TorchZipWriter.writeTensor(file, TorchTensor.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 1, 3, 2));
    FeatureBag bag = FeatureBagPt.read(file);
    assertEquals(3, bag.count());
    assertArrayEquals(new float[] {5, 6}, bag.row(2));
  }

  @Test
  void aTensorOfTheWrongRankIsNamed() throws IOException {
    Path file = dir.resolve("vector.pt");
    TorchZipWriter.writeTensor(file, TorchTensor.ofFloats(new float[] {1, 2, 3}, 3));
    IOException e = assertThrows(IOException.class, () -> FeatureBagPt.read(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
  }

  @Test
  void aDirectoryHoldsBothFilesAndPrefersTheH5() throws IOException {
    FeatureDirectory out = new FeatureDirectory(dir);
    FeatureBag bag = FeatureBagH5Test.randomBag("slide-d", 4, 3, 3);
    assertFalse(out.contains("slide-d"));
    out.write(bag);
    assertTrue(out.contains("slide-d"));
    assertTrue(Files.isRegularFile(dir.resolve("h5_files/slide-d.h5")));
    assertTrue(Files.isRegularFile(dir.resolve("pt_files/slide-d.pt")));
    FeatureBag back = out.read("slide-d");
    assertArrayEquals(bag.coords(), back.coords());
    Files.delete(out.h5File("slide-d"));
    assertArrayEquals(bag.features(), out.read("slide-d").features());
    IOException e = assertThrows(IOException.class, () -> out.read("nope"));
    assertTrue(e.getMessage().contains("nope"), e.getMessage());
  }
}
