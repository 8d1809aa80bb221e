package org.mhim.viewer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mhim.viewer.train.SyntheticBags;
import org.mhim.viewer.train.Trainer;
import org.mhim.viewer.train.TrainingCheckpoint;
import org.mhim.viewer.train.TrainingStage;

/**
 * Ctrl-C on {@code mhimview train}: a real JVM runs the command and gets SIGINT once an epoch is
 * done; it must stop after saving (the checkpoint is whole and readable), say how to resume and exit
 * with 130 and no stack trace.
 */
class TrainInterruptTest {

  @Test
  void sigintStopsTrainingCleanlyAfterTheCheckpoint(@TempDir Path dir) throws Exception {
    assumeFalse(sigintIgnored(), "SIGINT is ignored in this process (a shell's background job), so the"
        + " training JVM would inherit that and never see it");
    Path features = dir.resolve("features");
    SyntheticBags maker = new SyntheticBags(12, 3f, 1.5f);
    Random random = new Random(9);
    StringBuilder train = new StringBuilder("slide_id,label\n");
    StringBuilder val = new StringBuilder("slide_id,label\n");
    for (int i = 0; i < 12; i++) {
      SyntheticBags.write(features, maker.bag("s" + i, random, 30, (i % 2) * 3, (i % 2) * 3));
      (i < 8 ? train : val).append("s").append(i).append(',').append(i % 2).append('\n');
    }
    Files.writeString(dir.resolve("train.csv"), train);
    Files.writeString(dir.resolve("val.csv"), val);
    Path model = dir.resolve("model");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "train",
        "--features", features.toString(), "--train", dir.resolve("train.csv").toString(),
        "--val", dir.resolve("val.csv").toString(), "--out", model.toString(),
        "--mlp-dim", "8", "--epochs", "1000", "--seed", "1")
        .redirectError(dir.resolve("stderr.txt").toFile())
        .start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        lines.add(line);
        if (line.matches("\\w+ epoch +\\d+.*")) { // one epoch done: its checkpoint is on disk
          new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
        }
      }
    } finally {
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    String stderr = Files.readString(dir.resolve("stderr.txt"));
    String stdout = String.join("\n", lines);
    assertEquals(130, process.exitValue(), stdout + "\n" + stderr);
    assertTrue(stdout.contains("stopped; continue with the same command and --resume"), stdout);
    assertFalse(stderr.contains("Exception") || stderr.contains("\tat "), stderr);
    TrainingCheckpoint checkpoint = TrainingCheckpoint.read(Trainer.checkpointFile(model));
    assertEquals(TrainingStage.BASELINE, checkpoint.stage());
    assertTrue(checkpoint.epochsDone() >= 1 && checkpoint.epochsDone() < 1000, "epochs done " + checkpoint.epochsDone());
    try (var leftovers = Files.list(model)) {
      assertTrue(leftovers.noneMatch(p -> p.getFileName().toString().contains(".tmp")), "no half-written file");
    }
  }

  /**
   * Whether this process ignores SIGINT (bit 2 of SigIgn in /proc/self/status): a non-interactive
   * shell ignores it in its background jobs, the JVM then installs no handler for it, and a child
   * inherits the disposition, which nothing can undo.
   */
  private static boolean sigintIgnored() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16) & 0b10) != 0;
      }
    }
    return false;
  }
}
