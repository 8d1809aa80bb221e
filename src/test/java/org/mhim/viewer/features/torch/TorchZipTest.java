package org.mhim.viewer.features.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads the committed files of make_fixtures.py (PyTorch 1.13) and refuses broken ones. Expected
 * values are those {@code torch.load} printed for the same files (quoted beside each check).
 */
class TorchZipTest {

  @TempDir Path dir;

  @Test
  void viewsWithOffsetAndStridesBecomeContiguousCopies() throws IOException {
    Map<?, ?> views = assertInstanceOf(Map.class, TorchZip.read(Checkpoints.resource("views.pt")));
    // x = arange(24).reshape(4, 6); torch printed x[1:, ::2] as [[6,8,10],[12,14,16],[18,20,22]]
    TorchTensor a = (TorchTensor) views.get("a");
    assertArrayEquals(new long[] {3, 3}, a.shape());
    assertArrayEquals(new float[] {6, 8, 10, 12, 14, 16, 18, 20, 22}, a.toFloatArray());
    // x.t(): [[0,6,12,18],[1,7,13,19],…,[5,11,17,23]]
    TorchTensor b = (TorchTensor) views.get("b");
    assertArrayEquals(new long[] {6, 4}, b.shape());
    assertArrayEquals(new float[] {0, 6, 12, 18}, Arrays.copyOfRange(b.toFloatArray(), 0, 4));
    assertArrayEquals(new float[] {5, 11, 17, 23}, Arrays.copyOfRange(b.toFloatArray(), 20, 24));
    // x[2]: [12,13,14,15,16,17] (storage offset 12)
    TorchTensor c = (TorchTensor) views.get("c");
    assertArrayEquals(new float[] {12, 13, 14, 15, 16, 17}, c.toFloatArray());
  }

  @Test
  void everySupportedTypeConverts() throws IOException {
    StateDict d = StateDict.read(Checkpoints.resource("dtypes.pt"));
    // torch: d['f16'].float().tolist() == [1.5, -2.25, 65504.0, 0.0010004043579101562]
    TorchTensor f16 = d.require("f16");
    assertEquals(TorchDType.FLOAT16, f16.dtype());
    assertArrayEquals(new float[] {1.5f, -2.25f, 65504f, 0.0010004043579101562f}, f16.toFloatArray());
    // torch: d['bf16'].float().tolist() == [1.5, -2.25, 65536.0, 0.00099945068359375, 3.00405527047391e+38, -0.0]
    TorchTensor bf16 = d.require("bf16");
    assertEquals(TorchDType.BFLOAT16, bf16.dtype());
    assertArrayEquals(
        new float[] {1.5f, -2.25f, 65536f, 0.00099945068359375f, 3.00405527047391e+38f, -0.0f},
        bf16.toFloatArray());
    assertArrayEquals(
        new double[] {1.5, -2.25, 65504.0, 1.0e-3f, 3.0e38f, -0.0}, d.require("f64").toDoubleArray());
    assertArrayEquals(new long[] {-(1L << 40), -1, 0, 1L << 40}, d.require("i64").toLongArray());
    assertArrayEquals(new long[] {-7, 70000}, d.require("i32").toLongArray());
    assertArrayEquals(new long[] {-300, 300}, d.require("i16").toLongArray());
    assertArrayEquals(new long[] {-128, 127}, d.require("i8").toLongArray());
    assertArrayEquals(new long[] {0, 255}, d.require("u8").toLongArray());
    assertArrayEquals(new long[] {1, 0, 1}, d.require("bool").toLongArray());
    assertEquals(TorchDType.BOOL, d.require("bool").dtype());
    TorchTensor scalar = d.require("scalar");
    assertEquals(0, scalar.rank());
    assertEquals(3.5, scalar.valueAt());
    assertArrayEquals(new long[] {0, 3}, d.require("empty").shape());
    assertEquals(0, d.require("empty").numel());
    // nn.Parameter pickles through _rebuild_parameter
    assertEquals(TorchTensor.ofFloats(new float[] {1, 1, 1, 1}, 2, 2), d.require("param"));
    assertThrows(IllegalStateException.class, f16::toLongArray);
  }

  @Test
  void plainValuesBecomeJavaValues() throws IOException {
    Map<?, ?> plain = assertInstanceOf(Map.class, TorchZip.read(Checkpoints.resource("plain.pt")));
    assertEquals(7L, plain.get("epoch"));
    assertEquals(0.5, plain.get("lr"));
    assertEquals("mhim", plain.get("name"));
    assertTrue(plain.containsKey("none"));
    assertNull(plain.get("none"));
    assertEquals(true, plain.get("flag"));
    assertEquals(-(1L << 40), plain.get("big"));
    assertEquals(List.of(1L, 2.5, "x"), plain.get("list"));
    assertEquals(
        new PickleTuple(List.of(1L, new PickleTuple(List.of(2L, 3L)))), plain.get("tuple"));
    assertEquals("(1, (2, 3))", plain.get("tuple").toString());
    // Not a flat tensor dict and no state_dict/model entry: refused with the keys it has.
    CheckpointFormatException e =
        assertThrows(CheckpointFormatException.class, () -> StateDict.read(Checkpoints.resource("plain.pt")));
    assertTrue(e.getMessage().contains("epoch"), e.getMessage());
  }

  @Test
  void legacyFormatIsRefusedWithHowToResave() {
    Path legacy = Checkpoints.resource("legacy.pt");
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> TorchZip.read(legacy));
    assertTrue(e.getMessage().startsWith(legacy.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("legacy"), e.getMessage());
    assertTrue(e.getMessage().contains("torch.save("), e.getMessage());
  }

  @Test
  void nonZipFileIsRefused() throws IOException {
    Path text = Files.writeString(dir.resolve("notes.pt"), "slide_id,label\na,1\n");
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> TorchZip.read(text));
    assertEquals(text + ": not a PyTorch zip checkpoint (no zip header)", e.getMessage());
    Path empty = Files.write(dir.resolve("empty.pt"), new byte[0]);
    e = assertThrows(CheckpointFormatException.class, () -> TorchZip.read(empty));
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
  }

  @Test
  void truncatedFileIsRefused() throws IOException {
    byte[] whole = Files.readAllBytes(Checkpoints.resource("views.pt"));
    for (int length : new int[] {10, whole.length / 2, whole.length - 10}) {
      Path cut = Files.write(dir.resolve("cut" + length + ".pt"), Arrays.copyOf(whole, length));
      CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> TorchZip.read(cut));
      assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
  }

  @Test
  void missingStorageEntryIsNamed() throws IOException {
    byte[] pickle = new Checkpoints.Pickle().floatTensor("0", 4, 0, new int[] {2, 2}, new int[] {2, 1}).stop();
    Path file = Checkpoints.zip(dir.resolve("lost.pt"), Map.of("lost/data.pkl", pickle));
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> TorchZip.read(file));
    assertTrue(e.getMessage().contains("'lost/data/0' is missing"), e.getMessage());
  }

  @Test
  void storageSmallerThanItsViewIsRefused() throws IOException {
    // The view [2, 3] at offset 2 reaches element 7 of a 6-element storage.
    byte[] pickle = new Checkpoints.Pickle().floatTensor("0", 6, 2, new int[] {2, 3}, new int[] {3, 1}).stop();
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("small/data.pkl", pickle);
    entries.put("small/data/0", new byte[24]);
    Path file = Checkpoints.zip(dir.resolve("small.pt"), entries);
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> TorchZip.read(file));
    assertTrue(e.getMessage().contains("reaches element 7"), e.getMessage());

    // The persistent id claims more elements than the entry holds.
    entries.put("small/data.pkl", new Checkpoints.Pickle().floatTensor("0", 1000, 0, new int[] {6}, new int[] {1}).stop());
    Path claims = Checkpoints.zip(dir.resolve("claims.pt"), entries);
    e = assertThrows(CheckpointFormatException.class, () -> TorchZip.read(claims));
    assertTrue(e.getMessage().contains("holds 24 bytes"), e.getMessage());
  }

  @Test
  void absurdShapesAreRefusedBeforeAllocating() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("huge/data/0", new byte[24]);
    int big = Integer.MAX_VALUE;
    entries.put("huge/data.pkl", new Checkpoints.Pickle().floatTensor("0", 6, 0, new int[] {big, big, big}, new int[] {0, 0, 0}).stop());
    Path huge = Checkpoints.zip(dir.resolve("huge.pt"), entries);
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> TorchZip.read(huge));
    assertTrue(e.getMessage().contains("too large"), e.getMessage());

    // A storage claiming 2 GB while its entry holds 24 bytes is refused from the entry's size.
    entries.put("huge/data.pkl", new Checkpoints.Pickle().floatTensor("0", 500_000_000, 0, new int[] {6}, new int[] {1}).stop());
    Path claims = Checkpoints.zip(dir.resolve("claims.pt"), entries);
    e = assertThrows(CheckpointFormatException.class, () -> TorchZip.read(claims));
    assertTrue(e.getMessage().contains("holds 24 bytes"), e.getMessage());

    entries.put("huge/data.pkl", new Checkpoints.Pickle().floatTensor("0", big, 0, new int[] {6}, new int[] {1}).stop());
    Path beyond = Checkpoints.zip(dir.resolve("beyond.pt"), entries);
    e = assertThrows(CheckpointFormatException.class, () -> TorchZip.read(beyond));
    assertTrue(e.getMessage().contains("more than can be read"), e.getMessage());

    entries.put("huge/data.pkl", new Checkpoints.Pickle().floatTensor("0", 6, 0, new int[] {-2, 3}, new int[] {3, 1}).stop());
    Path negative = Checkpoints.zip(dir.resolve("negative.pt"), entries);
    e = assertThrows(CheckpointFormatException.class, () -> TorchZip.read(negative));
    assertTrue(e.getMessage().contains("negative"), e.getMessage());
  }

  @Test
  void zipDirectoryClaimingMoreThanTheFileHoldsIsRefusedBeforeAllocating() throws IOException {
    int claimed = 100_000_000; // 400 MB of floats, in a file of a few hundred bytes
    byte[] pickle = new Checkpoints.Pickle().floatTensor("0", claimed, 0, new int[] {claimed}, new int[] {1}).stop();
    Path file =
        Checkpoints.lyingZip(
            dir.resolve("liar.pt"),
            List.of("liar/data.pkl", "liar/data/0"),
            List.of(pickle, new byte[24]),
            new long[] {pickle.length, 4L * claimed});
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> TorchZip.read(file));
    assertTrue(e.getMessage().contains("claims more bytes than the file holds"), e.getMessage());
  }

  @Test
  void missingFileIsNamed() {
    Path absent = dir.resolve("absent.pt");
    IOException e = assertThrows(IOException.class, () -> TorchZip.read(absent));
    assertEquals(absent + ": no such file", e.getMessage());
  }

  @Test
  void unsupportedTensorTypeIsNamed() throws IOException {
    byte[] pickle = new Checkpoints.Pickle().op('(').string("storage").global("torch", "ComplexFloatStorage").stop();
    Path file = Checkpoints.zip(dir.resolve("complex.pt"), Map.of("complex/data.pkl", pickle));
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> TorchZip.read(file));
    assertTrue(e.getMessage().contains("torch.ComplexFloatStorage is not supported"), e.getMessage());
  }

  @Test
  void bigEndianFilesAreRefused() throws IOException {
    byte[] pickle = new Checkpoints.Pickle().op('N').stop();
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("be/data.pkl", pickle);
    entries.put("be/byteorder", "big".getBytes());
    Path file = Checkpoints.zip(dir.resolve("be.pt"), entries);
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> TorchZip.read(file));
    assertTrue(e.getMessage().contains("'big'"), e.getMessage());
  }

  @Test
  void readSingleTensorRefusesADict() {
    Path views = Checkpoints.resource("views.pt");
    CheckpointFormatException e =
        assertThrows(CheckpointFormatException.class, () -> TorchZip.readSingleTensor(views));
    assertTrue(e.getMessage().contains("not a single tensor"), e.getMessage());
  }
}
