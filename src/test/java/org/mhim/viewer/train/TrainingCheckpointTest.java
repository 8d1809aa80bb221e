package org.mhim.viewer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mhim.viewer.mil.WeightTensor;

/** A training checkpoint reads back as written; a cut or damaged one is refused by name. */
class TrainingCheckpointTest {

  @TempDir Path dir;

  private Path written() throws IOException {
    Path file = dir.resolve(TrainingCheckpoint.FILE);
    new TrainingCheckpoint(Map.of("seed", "3"), TrainingStage.BASELINE, 2, EarlyStopping.start(5), List.of(),
        List.of(), Map.of("w", 2L), Map.of("student.w", new WeightTensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6})))
        .write(file);
    return file;
  }

  @Test
  void readsBackWhatWasWritten() throws IOException {
    TrainingCheckpoint read = TrainingCheckpoint.read(written());
    assertEquals(TrainingStage.BASELINE, read.stage());
    assertEquals(2, read.epochsDone());
    assertEquals(Map.of("seed", "3"), read.recipe());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, read.tensors().get("student.w").values());
  }

  @Test
  void aCutFileIsTruncatedWhereverItEnds() throws IOException {
    byte[] whole = Files.readAllBytes(written());
    for (int length : new int[] {10, 30, whole.length - 10}) {
      Files.write(dir.resolve(TrainingCheckpoint.FILE), Arrays.copyOf(whole, length));
      IOException e = assertThrows(IOException.class, () -> TrainingCheckpoint.read(dir.resolve(TrainingCheckpoint.FILE)));
      assertTrue(e.getMessage().startsWith(dir.resolve(TrainingCheckpoint.FILE) + ": the checkpoint is truncated"),
          "cut at " + length + ": " + e.getMessage());
    }
  }

  @Test
  void aLengthBeyondTheFileAndAForeignFileAreNamed() throws IOException {
    Path file = written();
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer.wrap(bytes).putInt(12, 1 << 30); // the state's length, after the magic and the version
    Files.write(file, bytes);
    IOException e = assertThrows(IOException.class, () -> TrainingCheckpoint.read(file));
    assertEquals(file + ": the checkpoint is truncated or damaged (it announces a part of 1073741824 bytes; the file has "
        + bytes.length + ")", e.getMessage());
    Files.writeString(file, "slide_id,label\n");
    assertEquals(file + ": not a training checkpoint",
        assertThrows(IOException.class, () -> TrainingCheckpoint.read(file)).getMessage());
  }
}
