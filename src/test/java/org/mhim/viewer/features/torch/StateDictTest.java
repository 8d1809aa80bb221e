package org.mhim.viewer.features.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Picking the state_dict out of a checkpoint, and refusing what is not one. */
class StateDictTest {

  @TempDir Path dir;

  private static TorchTensor ones(int n) {
    return TorchTensor.ofFloats(new float[n], n);
  }

  @Test
  void stateDictEntryIsPreferredOverModel() throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("model", Map.of("m", ones(1)));
    root.put("state_dict", Map.of("s", ones(2)));
    Path file = dir.resolve("both.pt");
    TorchZipWriter.write(file, root);
    assertEquals(List.of("s"), List.copyOf(StateDict.read(file).keys()));
    assertEquals(List.of("m"), List.copyOf(StateDict.read(file, "model").keys()));
  }

  @Test
  void missingEntryIsNamedWithTheEntriesThereAre() throws IOException {
    Path file = dir.resolve("ckpt.pt");
    TorchZipWriter.write(file, Map.of("model", Map.of("w", ones(1))));
    CheckpointFormatException e =
        assertThrows(CheckpointFormatException.class, () -> StateDict.read(file, "teacher"));
    assertEquals(file + ": has no entry 'teacher' (it has [model])", e.getMessage());
  }

  @Test
  void nonTensorEntryIsNamed() throws IOException {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("w", ones(1));
    model.put("step", 3);
    Path file = dir.resolve("mixed.pt");
    TorchZipWriter.write(file, Map.of("model", model));
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> StateDict.read(file));
    assertTrue(e.getMessage().contains("entry 'step' holds a Long, not a tensor"), e.getMessage());
  }

  @Test
  void nameTwiceAfterStrippingModuleIsRefused() throws IOException {
    Map<String, TorchTensor> sd = new LinkedHashMap<>();
    sd.put("module.w", ones(1));
    sd.put("w", ones(1));
    Path file = dir.resolve("twice.pt");
    TorchZipWriter.writeStateDict(file, sd);
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> StateDict.read(file));
    assertTrue(e.getMessage().contains("'w' twice"), e.getMessage());
  }

  @Test
  void singleTensorIsNotAStateDict() throws IOException {
    Path file = dir.resolve("bag.pt");
    TorchZipWriter.writeTensor(file, ones(4));
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> StateDict.read(file));
    assertEquals(file + ": holds a tensor [4], not a dict of tensors", e.getMessage());
  }
}
