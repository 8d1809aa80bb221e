package org.mhim.viewer.features.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pickles that would run code under Python's torch.load are refused by name. Each one, if executed,
 * would create a sentinel file; the sentinel's absence shows nothing ran.
 */
class HostilePickleTest {

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({
    "os, system",
    "posix, system",
    "builtins, eval",
    "builtins, exec",
    "__builtin__, eval",
    "subprocess, Popen",
    "torch, load",
    "numpy.core.multiarray, _reconstruct",
    "torch._utils, _rebuild_device_tensor_from_numpy",
  })
  void forbiddenGlobalIsRefusedByName(String module, String name) throws IOException {
    Path sentinel = dir.resolve("pwned");
    byte[] pickle =
        new Checkpoints.Pickle()
            .global(module, name)
            .string("touch " + sentinel)
            .op(0x85) // TUPLE1
            .op('R') // REDUCE: under Python, this call runs the command
            .stop();
    Path file = Checkpoints.zip(dir.resolve("evil.pt"), Map.of("evil/data.pkl", pickle));

    UnsafeCheckpointException e = assertThrows(UnsafeCheckpointException.class, () -> TorchZip.read(file));
    assertEquals(module + "." + name, e.forbiddenGlobal());
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("'" + module + "." + name + "'"), e.getMessage());
    assertFalse(Files.exists(sentinel), "nothing may run");
  }

  @Test
  void forbiddenGlobalThroughStackGlobalIsRefused() throws IOException {
    byte[] pickle =
        new Checkpoints.Pickle().string("os").string("system").op(0x93).string("id").op(0x85).op('R').stop();
    Path file = Checkpoints.zip(dir.resolve("evil.pt"), Map.of("evil/data.pkl", pickle));
    UnsafeCheckpointException e = assertThrows(UnsafeCheckpointException.class, () -> TorchZip.read(file));
    assertEquals("os.system", e.forbiddenGlobal());
  }

  @Test
  void instOpcodeIsRefusedByName() throws IOException {
    // INST names its class inline ("module\nname\n") and calls it on the marked arguments.
    byte[] pickle = new Checkpoints.Pickle().op('(').string("id").op('i').text("os\nsystem\n").stop();
    Path file = Checkpoints.zip(dir.resolve("inst.pt"), Map.of("inst/data.pkl", pickle));
    UnsafeCheckpointException e = assertThrows(UnsafeCheckpointException.class, () -> TorchZip.read(file));
    assertEquals("os.system", e.forbiddenGlobal());
  }

  @Test
  void reduceOnANonCallableIsRefused() throws IOException {
    byte[] pickle = new Checkpoints.Pickle().string("os.system").op(')').op('R').stop();
    Path file = Checkpoints.zip(dir.resolve("odd.pt"), Map.of("odd/data.pkl", pickle));
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> TorchZip.read(file));
    assertTrue(e.getMessage().contains("not an allowed callable"), e.getMessage());
  }

  @Test
  void unknownOpcodeIsRefused() throws IOException {
    byte[] pickle = new Checkpoints.Pickle().op('o').stop(); // OBJ: builds an instance
    Path file = Checkpoints.zip(dir.resolve("obj.pt"), Map.of("obj/data.pkl", pickle));
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> TorchZip.read(file));
    assertTrue(e.getMessage().contains("opcode 0x6f"), e.getMessage());
  }

  @Test
  void truncatedPickleIsRefused() throws IOException {
    byte[] pickle = new Checkpoints.Pickle().string("a long string that gets cut").stop();
    byte[] cut = Arrays.copyOf(pickle, 12);
    Path file = Checkpoints.zip(dir.resolve("cut.pt"), Map.of("cut/data.pkl", cut));
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> TorchZip.read(file));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void unhashableDictKeyIsRefused() throws IOException {
    // {[]: 1} — Python refuses it too; a list key could otherwise hold itself.
    byte[] pickle = new Checkpoints.Pickle().op('}').op(']').int1(1).op('s').stop();
    Path file = Checkpoints.zip(dir.resolve("key.pt"), Map.of("key/data.pkl", pickle));
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> TorchZip.read(file));
    assertTrue(e.getMessage().contains("cannot be a dict key"), e.getMessage());
  }
}
