package org.mhim.viewer.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mhim.viewer.io.AtomicFiles;

/**
 * The per-epoch history of a run as {@code history.csv}: written atomically, replacing the last;
 * read back for charts.
 */
public final class HistoryCsv {

  private HistoryCsv() {}

  public static void write(Path file, List<EpochRecord> epochs) throws IOException {
    StringBuilder text = new StringBuilder(EpochRecord.CSV_HEADER).append('\n');
    epochs.forEach(e -> text.append(e.csvRow()).append('\n'));
    AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads the stage, epoch, training loss and validation AUC of every epoch of a {@code history.csv}.
   *
   * @throws IOException naming the file and the line when it is not such a file
   */
  public static List<EpochSummary> read(Path file) throws IOException {
    List<CsvLines.Row> rows = CsvLines.read(file);
    if (rows.isEmpty()) {
      throw new IOException(file + ": empty, not a training history");
    }
    List<String> header = rows.getFirst().fields();
    int stage = header.indexOf("stage");
    int epoch = header.indexOf("epoch");
    int loss = header.indexOf("train_loss");
    int auc = header.indexOf("val_auc");
    if (stage < 0 || epoch < 0 || loss < 0 || auc < 0) {
      throw new IOException(file + ": not a training history (its header lacks stage, epoch, train_loss or val_auc)");
    }
    int needed = Math.max(Math.max(stage, epoch), Math.max(loss, auc)) + 1;
    List<EpochSummary> epochs = new ArrayList<>();
    for (CsvLines.Row row : rows.subList(1, rows.size())) {
      List<String> f = row.fields();
      String where = file + ": line " + row.line();
      if (f.size() < needed) {
        throw new IOException(where + ": expected " + needed + " fields, found " + f.size());
      }
      double number = number(f.get(epoch), "epoch", where);
      if (!(number >= 1 && number == Math.rint(number))) {
        throw new IOException(where + ": epoch '" + f.get(epoch) + "' is not an epoch number");
      }
      epochs.add(new EpochSummary(f.get(stage), (int) number, number(f.get(loss), "train_loss", where),
          number(f.get(auc), "val_auc", where)));
    }
    return epochs;
  }

  /** A number as {@link EpochRecord} writes it: empty for NaN. */
  private static double number(String text, String column, String where) throws IOException {
    try {
      return text.isEmpty() ? Double.NaN : Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IOException(where + ": " + column + " '" + text + "' is not a number", e);
    }
  }
}
