package org.mhim.viewer.features.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads the shared fixtures written by PyTorch 1.13. Spot values were printed once with
 * {@code /usr/bin/python3 -c "import torch; c = torch.load(...); print(repr(t[i, j].item()))"}
 * and are compared here as float32.
 */
class TorchZipFixtureTest {

  static Stream<Path> parityFolders() throws IOException {
    try (Stream<Path> folders = Files.list(Checkpoints.shared().resolve("mhim-parity"))) {
      List<Path> list = folders.filter(Files::isDirectory).sorted().toList();
      assertFalse(list.isEmpty(), "no parity fixtures found");
      return list.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("parityFolders")
  void everyParityCheckpointReadsWithModelTeacherAndEpoch(Path folder) throws IOException {
    Object root = TorchZip.read(folder.resolve("checkpoint.pt"));
    Map<?, ?> checkpoint = assertInstanceOf(Map.class, root);
    assertEquals(List.of("model", "teacher", "epoch"), List.copyOf(checkpoint.keySet()));
    assertInstanceOf(Long.class, checkpoint.get("epoch"));

    StateDict model = StateDict.read(folder.resolve("checkpoint.pt"));
    StateDict teacher = StateDict.read(folder.resolve("checkpoint.pt"), "teacher");
    assertEquals(model.keys(), teacher.keys());
    assertEquals(List.of("merge.global_q_mm", "merge.global_q"), model.keys().stream().limit(2).toList());
    // The two names share one storage in the file; both read as the same values.
    TorchTensor q = model.require("merge.global_q");
    assertArrayEquals(new long[] {1, 1, 128}, q.shape());
    assertEquals(q, model.require("merge.global_q_mm"));
    for (TorchTensor t : model.tensors().values()) {
      assertEquals(TorchDType.FLOAT32, t.dtype());
    }
    assertArrayEquals(new long[] {2, 128}, model.require("predictor.weight").shape());
  }

  @ParameterizedTest
  @MethodSource("parityFolders")
  void everyParityBagIsOneFloatTensorOfInstancesByFeatures(Path folder) throws IOException {
    TorchTensor bag = TorchZip.readSingleTensor(folder.resolve("bag.pt"));
    assertEquals(TorchDType.FLOAT32, bag.dtype());
    assertEquals(2, bag.rank());
    assertEquals(bag.numel(), bag.toFloatArray().length);
  }

  @Test
  void abmilValuesMatchPython() throws IOException {
    Path folder = Checkpoints.shared().resolve("mhim-parity/abmil");
    TorchTensor bag = TorchZip.readSingleTensor(folder.resolve("bag.pt"));
    assertArrayEquals(new long[] {257, 384}, bag.shape());
    assertArrayEquals(new int[] {257, 384}, bag.intShape());
    assertEquals((float) -0.27578267455101013, (float) bag.valueAt(0, 0));
    assertEquals((float) -0.11488313972949982, (float) bag.valueAt(256, 383));
    assertEquals((float) 0.5959038734436035, bag.toFloatArray()[100 * 384 + 7]);

    Map<?, ?> root = (Map<?, ?>) TorchZip.read(folder.resolve("checkpoint.pt"));
    assertEquals(7L, root.get("epoch"));
    StateDict model = StateDict.read(folder.resolve("checkpoint.pt"));
    assertEquals(14, model.size());
    assertEquals((float) -0.0098201222717762, (float) model.require("predictor.weight").valueAt(1, 5));
    assertEquals((float) -0.09533607214689255, (float) model.require("merge.global_q").valueAt(0, 0, 3));
  }

  @Test
  void transmilAndDsmilValuesMatchPython() throws IOException {
    Path parity = Checkpoints.shared().resolve("mhim-parity");
    StateDict transmil = StateDict.read(parity.resolve("transmil/checkpoint.pt"));
    assertEquals(33, transmil.size());
    assertEquals((float) 0.012860066257417202, (float) transmil.require("predictor.weight").valueAt(1, 5));
    assertEquals(
        (float) 0.5768474340438843,
        (float) TorchZip.readSingleTensor(parity.resolve("transmil/bag.pt")).valueAt(0, 0));
    StateDict dsmil = StateDict.read(parity.resolve("dsmil/checkpoint.pt"));
    assertEquals(22, dsmil.size());
    assertEquals((float) 0.08356417715549469, (float) dsmil.require("predictor.weight").valueAt(1, 5));
    assertEquals(
        (float) -0.2714877724647522,
        (float) TorchZip.readSingleTensor(parity.resolve("dsmil/bag.pt")).valueAt(256, 383));
  }

  @Test
  void studentAndTeacherAreDistinctTensors() throws IOException {
    Path file = Checkpoints.shared().resolve("mhim-parity/abmil/checkpoint.pt");
    StateDict model = StateDict.read(file, "model");
    StateDict teacher = StateDict.read(file, "teacher");
    assertEquals(model.require("predictor.weight").dtype(), teacher.require("predictor.weight").dtype());
    assertNotEquals(model.tensors(), teacher.tensors(), "teacher is an EMA, not a copy");
  }

  @Test
  void encoderInputReads() throws IOException {
    TorchTensor input =
        TorchZip.readSingleTensor(Checkpoints.shared().resolve("encoders/tiny-encoder-input.pt"));
    assertArrayEquals(new long[] {2, 3, 224, 224}, input.shape());
    assertEquals((float) 0.5797908306121826, (float) input.valueAt(1, 2, 223, 223));
    assertEquals((float) 0.6418980956077576, (float) input.valueAt(0, 1, 10, 20));
  }

  @Test
  void torchScriptModuleIsNamedAsSuch() {
    Path encoder = Checkpoints.shared().resolve("encoders/tiny-encoder.pt");
    CheckpointFormatException e =
        assertThrows(CheckpointFormatException.class, () -> TorchZip.read(encoder));
    assertTrue(e.getMessage().contains("TorchScript"), e.getMessage());
    assertTrue(e.getMessage().contains("tiny-encoder.pt"), e.getMessage());
  }
}
