package org.mhim.viewer.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.mhim.viewer.io.AtomicFiles;

/** Writes the per-epoch history of a run as {@code history.csv}, replacing it atomically. */
public final class HistoryCsv {

  private HistoryCsv() {}

  public static void write(Path file, List<EpochRecord> epochs) throws IOException {
    StringBuilder text = new StringBuilder(EpochRecord.CSV_HEADER).append('\n');
    epochs.forEach(e -> text.append(e.csvRow()).append('\n'));
    AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
  }
}
