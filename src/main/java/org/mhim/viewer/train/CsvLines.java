package org.mhim.viewer.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Splits a small CSV file (RFC 4180 quoting, comma separated) into rows of trimmed fields. */
final class CsvLines {

  /** One non-blank row, with its 1-based line number for messages. */
  record Row(int line, List<String> fields) {}

  private CsvLines() {}

  static List<Row> read(Path csv) throws IOException {
    List<Row> rows = new ArrayList<>();
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = i == 0 ? stripBom(lines.get(i)) : lines.get(i);
      if (!line.isBlank()) {
        rows.add(new Row(i + 1, split(line)));
      }
    }
    return rows;
  }

  private static String stripBom(String line) {
    return line.startsWith("\uFEFF") ? line.substring(1) : line;
  }

  static List<String> split(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString().strip());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString().strip());
    return fields;
  }
}
