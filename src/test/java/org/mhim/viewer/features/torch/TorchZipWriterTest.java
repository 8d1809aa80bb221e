package org.mhim.viewer.features.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the writer makes reads back identically, in torch.save's layout. (That torch.load 1.13 opens
 * these files was checked by hand once; the tests do not need Python.)
 */
class TorchZipWriterTest {

  @TempDir Path dir;

  @Test
  void bagRoundTrips() throws IOException {
    float[] values = new float[257 * 384];
    Random random = new Random(3);
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    TorchTensor bag = TorchTensor.ofFloats(values, 257, 384);
    Path file = dir.resolve("pt_files/slide-01.pt");
    TorchZipWriter.writeTensor(file, bag);
    TorchTensor back = TorchZip.readSingleTensor(file);
    assertEquals(bag, back);
    assertArrayEquals(values, back.toFloatArray());
    try (ZipFile zip = new ZipFile(file.toFile())) {
      assertEquals(
          List.of("slide-01/data.pkl", "slide-01/byteorder", "slide-01/data/0", "slide-01/version"),
          zip.stream().map(e -> e.getName()).toList());
    }
  }

  @Test
  void everyTypeAndShapeRoundTrips() throws IOException {
    Map<String, TorchTensor> tensors = new LinkedHashMap<>();
    tensors.put("coords", TorchTensor.ofLongs(new long[] {0, 0, 256, 0, -5, 1L << 40}, 3, 2));
    tensors.put("scalar", TorchTensor.ofFloats(new float[] {2.5f}));
    tensors.put("empty", TorchTensor.ofFloats(new float[0], 0, 384));
    tensors.put("rank5", TorchTensor.ofFloats(new float[32], 2, 2, 2, 2, 2));
    for (TorchDType dtype : TorchDType.values()) {
      ByteBuffer bytes = ByteBuffer.allocate(6 * dtype.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < bytes.capacity(); i++) {
        bytes.put(i, (byte) (dtype == TorchDType.BOOL ? i % 2 : i * 7 + 1));
      }
      tensors.put(dtype.name(), TorchTensor.of(dtype, new long[] {2, 3}, bytes));
    }
    Path file = dir.resolve("all.pt");
    TorchZipWriter.writeStateDict(file, tensors);
    StateDict back = StateDict.read(file);
    assertEquals(List.copyOf(tensors.keySet()), List.copyOf(back.keys()));
    assertEquals(tensors, back.tensors());
    assertEquals(1L << 40, back.require("coords").toLongArray()[5]);
  }

  @Test
  void nestedCheckpointRoundTripsWithModulePrefixesStripped() throws IOException {
    Map<String, TorchTensor> student = new LinkedHashMap<>();
    student.put("module.predictor.weight", TorchTensor.ofFloats(new float[] {1, 2, 3, 4}, 2, 2));
    student.put("module.predictor.bias", TorchTensor.ofFloats(new float[] {5, 6}, 2));
    Map<String, Object> checkpoint = new LinkedHashMap<>();
    checkpoint.put("model", student);
    checkpoint.put("teacher", Map.of("predictor.bias", TorchTensor.ofFloats(new float[] {7, 8}, 2)));
    checkpoint.put("epoch", 12);
    checkpoint.put("lr", 1e-4);
    checkpoint.put("note", List.of("a", new PickleTuple(List.of(1L, 2L)), true));
    Path file = dir.resolve("ckpt.pth");
    TorchZipWriter.write(file, checkpoint);

    Map<?, ?> root = assertInstanceOf(Map.class, TorchZip.read(file));
    assertEquals(12L, root.get("epoch"));
    assertEquals(1e-4, root.get("lr"));
    assertEquals(List.of("a", new PickleTuple(List.of(1L, 2L)), true), root.get("note"));
    StateDict model = StateDict.read(file);
    assertEquals(List.of("predictor.weight", "predictor.bias"), List.copyOf(model.keys()));
    assertArrayEquals(new float[] {5, 6}, model.require("predictor.bias").toFloatArray());
    assertArrayEquals(new float[] {7, 8}, StateDict.read(file, "teacher").require("predictor.bias").toFloatArray());
    CheckpointFormatException missing =
        assertThrows(CheckpointFormatException.class, () -> model.require("predictor.scale"));
    assertEquals(file + ": has no tensor 'predictor.scale'", missing.getMessage());
  }

  @Test
  void entryDataIsAlignedTo64BytesAndStored() throws IOException {
    Map<String, TorchTensor> tensors = new LinkedHashMap<>();
    for (int i = 0; i < 5; i++) {
      tensors.put("t" + i, TorchTensor.ofFloats(new float[i * 3 + 1], i * 3 + 1));
    }
    Path file = dir.resolve("an odd name.v2.pt");
    TorchZipWriter.writeStateDict(file, tensors);
    byte[] zip = Files.readAllBytes(file);
    List<Long> offsets = localDataOffsets(zip);
    assertEquals(5 + 3, offsets.size());
    for (long offset : offsets) {
      assertEquals(0, offset % TorchZipWriter.ALIGNMENT, "data at " + offset);
    }
    try (ZipFile z = new ZipFile(file.toFile())) {
      assertTrue(z.stream().allMatch(e -> e.getName().startsWith("an odd name.v2/")));
      assertTrue(z.stream().allMatch(e -> e.getMethod() == ZipEntry.STORED));
    }
  }

  @Test
  void unsupportedValueIsRefusedAndNoFileIsLeft() {
    Path file = dir.resolve("bad.pt");
    assertThrows(
        IllegalArgumentException.class, () -> TorchZipWriter.write(file, Map.of("x", new Object())));
    assertTrue(Files.notExists(file));
  }

  @Test
  void shapeMustMatchValues() {
    assertThrows(IllegalArgumentException.class, () -> TorchTensor.ofFloats(new float[5], 2, 3));
    assertThrows(IllegalArgumentException.class, () -> TorchTensor.ofLongs(new long[2], -1, -2));
  }

  @Test
  void tensorValueSemantics() {
    TorchTensor a = TorchTensor.ofFloats(new float[] {1, 2, 3, 4, 5, 6, 7}, 7);
    TorchTensor b = TorchTensor.ofFloats(new float[] {1, 2, 3, 4, 5, 6, 7}, 7);
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertTrue(!a.equals(TorchTensor.ofFloats(new float[] {1, 2, 3, 4, 5, 6, 7}, 1, 7)));
    assertEquals("TorchTensor[FLOAT32 [7] 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, …]", a.toString());
    long[] shape = a.shape();
    shape[0] = 99;
    assertArrayEquals(new long[] {7}, a.shape());
    assertTrue(a.data().isReadOnly());
  }

  /** Where each local entry's data begins, from the local file headers. */
  private static List<Long> localDataOffsets(byte[] zip) {
    ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
    List<Long> offsets = new ArrayList<>();
    int at = 0;
    while (b.getInt(at) == 0x04034b50) {
      int compressed = b.getInt(at + 18);
      int nameLength = Short.toUnsignedInt(b.getShort(at + 26));
      int extraLength = Short.toUnsignedInt(b.getShort(at + 28));
      int data = at + 30 + nameLength + extraLength;
      offsets.add((long) data);
      at = data + compressed;
    }
    assertTrue(Arrays.equals(new byte[] {0x50, 0x4b, 1, 2}, Arrays.copyOfRange(zip, at, at + 4)),
        "central directory follows the entries");
    return offsets;
  }
}
