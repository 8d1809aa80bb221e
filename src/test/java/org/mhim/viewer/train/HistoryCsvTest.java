package org.mhim.viewer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** history.csv read back as it was written, and a damaged one named with its line. */
class HistoryCsvTest {

  @TempDir Path dir;

  private static EpochRecord epoch(String stage, int epoch, double loss, double auc) {
    ClassificationMetrics validation = new ClassificationMetrics(auc, 0.5, 0.5, 0.5, 4, new int[][] {{1, 1}, {1, 1}},
        List.of());
    return new EpochRecord(stage, epoch, 1e-3, loss, loss, 0, validation, 1.5);
  }

  @Test
  void whatIsWrittenIsReadBack() throws IOException {
    Path file = dir.resolve("history.csv");
    List<EpochRecord> run = List.of(epoch("baseline", 1, 0.69, 0.75), epoch("baseline", 2, 0.6, Double.NaN),
        epoch("mhim", 1, 0.55, 0.875));
    HistoryCsv.write(file, run);
    assertEquals(run.stream().map(EpochSummary::of).toList(), HistoryCsv.read(file));
  }

  @Test
  void aDamagedHistoryIsNamedWithItsLine() throws IOException {
    Path file = dir.resolve("history.csv");
    HistoryCsv.write(file, List.of(epoch("mhim", 1, 0.5, 0.5)));
    Files.writeString(file, Files.readString(file) + "mhim,2,0.001,lots,0.4,0,0.5,0.5,0.5,0.5,1.0\n");
    IOException e = assertThrows(IOException.class, () -> HistoryCsv.read(file));
    assertEquals(file + ": line 3: train_loss 'lots' is not a number", e.getMessage());

    Files.writeString(file, "slide_id,label\na,1\n");
    assertEquals(file + ": not a training history (its header lacks stage, epoch, train_loss or val_auc)",
        assertThrows(IOException.class, () -> HistoryCsv.read(file)).getMessage());
  }
}
