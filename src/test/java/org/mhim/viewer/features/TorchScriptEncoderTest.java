package org.mhim.viewer.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mhim.viewer.features.torch.TorchTensor;
import org.mhim.viewer.features.torch.TorchZip;

class TorchScriptEncoderTest {

  @TempDir Path dir;

  private static final ObjectMapper JSON = new ObjectMapper();

  private Path fixtureWithSidecar(int outputDim) throws IOException {
    Path model = dir.resolve("tiny.pt");
    Files.copy(Fixtures.encoders().resolve("tiny-encoder.pt"), model);
    JsonNode expected = JSON.readTree(Fixtures.encoders().resolve("tiny-encoder-expected.json").toFile());
    var sidecar = JSON.createObjectNode();
    sidecar.put("id", "tiny-encoder");
    sidecar.put("input_size", 224);
    sidecar.set("mean", expected.at("/normalisation/mean"));
    sidecar.set("std", expected.at("/normalisation/std"));
    sidecar.put("output_dim", outputDim);
    sidecar.put("magnification", 20);
    Files.writeString(dir.resolve("tiny.json"), sidecar.toString());
    return model;
  }

  @Test
  void reproducesTheFixtureOutput() throws IOException {
    JsonNode expected = JSON.readTree(Fixtures.encoders().resolve("tiny-encoder-expected.json").toFile());
    TorchTensor input = readInput();
    try (PatchEncoder encoder = TorchScriptEncoder.load(fixtureWithSidecar(64), Device.cpu());
        NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      assertEquals("tiny-encoder", encoder.id());
      assertEquals(OptionalDouble.of(20), encoder.magnification());
      NDArray batch = manager.create(input.toFloatArray(), new Shape(input.shape()));
      float[][] out = PatchBatches.toRows(encoder.encode(batch));
      JsonNode rows = expected.get("expected_output");
      assertEquals(rows.size(), out.length);
      double worst = 0;
      for (int i = 0; i < out.length; i++) {
        assertEquals(rows.get(i).size(), out[i].length);
        for (int j = 0; j < out[i].length; j++) {
          double want = rows.get(i).get(j).asDouble();
          double err = Math.abs(out[i][j] - want) / Math.max(Math.abs(want), 1e-3);
          worst = Math.max(worst, err);
        }
      }
      assertTrue(worst <= 1e-4, "worst relative error " + worst);
    }
  }

  /**
   * Patches as read from a slide (uint8, channels last) take a shorter normalisation path than
   * float batches; both must give the same features, and the caller's bytes stay as they were.
   */
  @Test
  void bytePatchesEncodeAsTheirFloatValuesDo() throws IOException {
    float[] values = readInput().toFloatArray(); // [2, 3, 224, 224] in 0..1
    int side = 224;
    int plane = side * side;
    byte[] bytes = new byte[values.length]; // [2, 224, 224, 3]
    float[] quantised = new float[values.length]; // [2, 3, 224, 224], the same bytes / 255
    for (int b = 0; b < 2; b++) {
      for (int c = 0; c < 3; c++) {
        for (int i = 0; i < plane; i++) {
          int v = Math.round(values[(b * 3 + c) * plane + i] * 255);
          bytes[(b * plane + i) * 3 + c] = (byte) v;
          quantised[(b * 3 + c) * plane + i] = v / 255f;
        }
      }
    }
    try (PatchEncoder encoder = TorchScriptEncoder.load(fixtureWithSidecar(64), Device.cpu());
        NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      int perPatch = plane * 3;
      NDArray byteBatch = PatchBatches.fromRgb( // uint8 [2, 224, 224, 3], as the extractor makes it
          manager,
          List.of(
              Arrays.copyOfRange(bytes, 0, perPatch), Arrays.copyOfRange(bytes, perPatch, 2 * perPatch)),
          side);
      float[][] fromBytes = PatchBatches.toRows(encoder.encode(byteBatch));
      float[][] fromFloats =
          PatchBatches.toRows(encoder.encode(manager.create(quantised, new Shape(2, 3, side, side))));
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < fromFloats[i].length; j++) {
          double err = Math.abs(fromBytes[i][j] - fromFloats[i][j]) / Math.max(Math.abs(fromFloats[i][j]), 1e-3);
          assertTrue(err <= 1e-4, "patch " + i + ", feature " + j + ": " + fromBytes[i][j] + " against " + fromFloats[i][j]);
        }
      }
      assertArrayEquals(bytes, byteBatch.toByteArray());
    }
  }

  /** The fixture's input tensor, read with our own PyTorch zip reader. */
  private static TorchTensor readInput() throws IOException {
    TorchTensor input = TorchZip.readSingleTensor(Fixtures.encoders().resolve("tiny-encoder-input.pt"));
    assertArrayEquals(new long[] {2, 3, 224, 224}, input.shape());
    return input;
  }

  @Test
  void aSidecarThatDisagreesIsNamed() throws IOException {
    Path model = fixtureWithSidecar(128);
    EncoderException e = assertThrows(EncoderException.class, () -> TorchScriptEncoder.load(model, Device.cpu()));
    assertTrue(e.getMessage().contains("tiny.pt"), e.getMessage());
    assertTrue(e.getMessage().contains("output_dim 128"), e.getMessage());
  }

  @Test
  void aFileThatIsNotTorchScriptIsNamed() throws IOException {
    Path model = fixtureWithSidecar(64);
    Files.write(model, "import os; os.system('rm -rf /')".getBytes());
    EncoderException e = assertThrows(EncoderException.class, () -> TorchScriptEncoder.load(model, Device.cpu()));
    assertTrue(e.getMessage().startsWith(model.toString()), e.getMessage());
  }

  @Test
  void aZipThatIsNotTorchScriptIsNamed() throws IOException {
    Path model = fixtureWithSidecar(64);
    // A plain tensor file is a zip too, but holds no TorchScript code.
    Files.copy(Fixtures.encoders().resolve("tiny-encoder-input.pt"), model, StandardCopyOption.REPLACE_EXISTING);
    EncoderException e = assertThrows(EncoderException.class, () -> TorchScriptEncoder.load(model, Device.cpu()));
    assertTrue(e.getMessage().startsWith(model + ": a checkpoint saved with torch.save"), e.getMessage());
    assertTrue(e.getMessage().contains("torch.jit.trace"), e.getMessage());
  }

  @Test
  void aTruncatedTorchScriptFileIsNamed() throws IOException {
    Path model = fixtureWithSidecar(64);
    byte[] whole = Files.readAllBytes(model);
    Files.write(model, Arrays.copyOf(whole, whole.length / 2));
    EncoderException e = assertThrows(EncoderException.class, () -> TorchScriptEncoder.load(model, Device.cpu()));
    assertEquals(model + ": a truncated or damaged zip archive, not a readable TorchScript file", e.getMessage());
  }

  @Test
  void aMissingSidecarIsNamed() throws IOException {
    Path model = fixtureWithSidecar(64);
    Files.delete(dir.resolve("tiny.json"));
    EncoderException e = assertThrows(EncoderException.class, () -> TorchScriptEncoder.load(model, Device.cpu()));
    assertTrue(e.getMessage().contains("tiny.json"), e.getMessage());
  }
}
