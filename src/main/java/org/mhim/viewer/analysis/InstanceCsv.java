package org.mhim.viewer.analysis;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mhim.viewer.io.AtomicFiles;

/**
 * {@code <slide>.instances.csv}: one row per instance — {@code x, y, width, height} (level-0
 * pixels), {@code prob_<class>} for every class in model order, {@code score}, {@code attention},
 * {@code hard_rank} (empty when the instance is not hard). Floats are written in their shortest
 * exact form, so reading gives back the same values. RFC 4180 quoting for class names that need it.
 */
public final class InstanceCsv {

  /** Class names and instances read back from a file. */
  public record Table(List<String> classNames, Instances instances) {
    public Table {
      classNames = List.copyOf(classNames);
    }
  }

  private static final String PROBABILITY_PREFIX = "prob_";
  private static final List<String> LEADING = List.of("x", "y", "width", "height");
  private static final List<String> TRAILING = List.of("score", "attention", "hard_rank");

  private InstanceCsv() {}

  /** The column (and GeoJSON measurement) holding the probability of a class. */
  public static String probabilityColumn(String className) {
    return PROBABILITY_PREFIX + className;
  }

  /** Writes the result's instances, atomically. */
  public static void write(SlideResult result, Path target) throws IOException {
    write(result.classNames(), result.instances(), target);
  }

  public static void write(List<String> classNames, Instances instances, Path target)
      throws IOException {
    if (classNames.size() != instances.classCount()) {
      throw new IllegalArgumentException(
          classNames.size() + " class names for " + instances.classCount() + " classes");
    }
    AtomicFiles.writeStream(
        target,
        out -> {
          Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
          w.write(header(classNames));
          for (int i = 0; i < instances.size(); i++) {
            w.write(row(instances, i));
          }
          w.flush();
        });
  }

  private static String row(Instances instances, int i) {
    StringBuilder row = new StringBuilder(96);
    row.append(instances.x(i)).append(',').append(instances.y(i)).append(',')
        .append(instances.width(i)).append(',').append(instances.height(i));
    for (int c = 0; c < instances.classCount(); c++) {
      row.append(',').append(instances.probability(i, c));
    }
    row.append(',').append(instances.score(i)).append(',').append(instances.attention(i)).append(',');
    if (instances.isHard(i)) {
      row.append(instances.hardRank(i));
    }
    return row.append('\n').toString();
  }

  /**
   * Reads a file written by {@link #write}.
   *
   * @throws IOException naming the file, and the line and column where it is malformed
   */
  public static Table read(Path path) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      String headerLine = in.readLine();
      if (headerLine == null) {
        throw new IOException(path + ": empty file, expected an instances CSV header");
      }
      List<String> header = fields(headerLine);
      List<String> classNames = classNames(path, header);
      int c = classNames.size();
      int columns = header.size();
      IntList x = new IntList();
      IntList y = new IntList();
      IntList width = new IntList();
      IntList height = new IntList();
      List<float[]> probabilities = new ArrayList<>();
      FloatList score = new FloatList();
      FloatList attention = new FloatList();
      IntList rank = new IntList();
      String line;
      int lineNumber = 1;
      while ((line = in.readLine()) != null) {
        lineNumber++;
        if (line.isEmpty()) {
          continue;
        }
        String[] f = line.split(",", -1);
        if (f.length != columns) {
          throw new IOException(
              path + ": line " + lineNumber + ": " + f.length + " fields, the header has " + columns);
        }
        Row row = new Row(path, lineNumber, header);
        x.add(row.integer(f, 0));
        y.add(row.integer(f, 1));
        width.add(row.integer(f, 2));
        height.add(row.integer(f, 3));
        float[] p = new float[c];
        for (int k = 0; k < c; k++) {
          p[k] = row.real(f, 4 + k);
        }
        probabilities.add(p);
        score.add(row.real(f, 4 + c));
        attention.add(row.real(f, 5 + c));
        rank.add(f[6 + c].isBlank() ? HardInstances.NOT_HARD : row.integer(f, 6 + c));
      }
      try {
        Instances instances =
            new Instances(
                c, x.toArray(), y.toArray(), width.toArray(), height.toArray(),
                probabilities.toArray(float[][]::new), score.toArray(), attention.toArray(),
                rank.toArray());
        return new Table(classNames, instances);
      } catch (IllegalArgumentException e) {
        throw new IOException(path + ": " + e.getMessage(), e);
      }
    } catch (NoSuchFileException e) {
      throw new IOException(path + ": no such instances file", e);
    }
  }

  private static String header(List<String> classNames) {
    List<String> names = new ArrayList<>(LEADING);
    for (String name : classNames) {
      names.add(probabilityColumn(name));
    }
    names.addAll(TRAILING);
    StringBuilder line = new StringBuilder();
    for (String name : names) {
      if (!line.isEmpty()) {
        line.append(',');
      }
      line.append(quote(name));
    }
    return line.append('\n').toString();
  }

  private static List<String> classNames(Path path, List<String> header) throws IOException {
    int n = header.size();
    if (n < LEADING.size() + TRAILING.size() + 1
        || !header.subList(0, LEADING.size()).equals(LEADING)
        || !header.subList(n - TRAILING.size(), n).equals(TRAILING)) {
      throw new IOException(
          path + ": not an instances CSV; the header must be x,y,width,height,prob_<class>…,"
              + "score,attention,hard_rank but is " + String.join(",", header));
    }
    List<String> classes = new ArrayList<>();
    for (String column : header.subList(LEADING.size(), n - TRAILING.size())) {
      if (!column.startsWith(PROBABILITY_PREFIX) || column.length() == PROBABILITY_PREFIX.length()) {
        throw new IOException(path + ": column '" + column + "' should be prob_<class>");
      }
      classes.add(column.substring(PROBABILITY_PREFIX.length()));
    }
    return classes;
  }

  /** A CSV field, quoted when it holds a comma, a quote or a line break. */
  static String quote(String field) {
    if (field.contains(",") || field.contains("\"") || field.contains("\n")) {
      return '"' + field.replace("\"", "\"\"") + '"';
    }
    return field;
  }

  /** Splits a line of fields, honouring quotes (class names and file names may hold commas). */
  static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          field.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        out.add(field.toString());
        field.setLength(0);
      } else {
        field.append(ch);
      }
    }
    out.add(field.toString());
    return out;
  }

  /** Parses the fields of one data row, naming the place of a bad value. */
  private record Row(Path path, int line, List<String> header) {
    int integer(String[] f, int column) throws IOException {
      try {
        return Integer.parseInt(f[column].strip());
      } catch (NumberFormatException e) {
        throw bad(f, column, "an integer");
      }
    }

    float real(String[] f, int column) throws IOException {
      try {
        return Float.parseFloat(f[column].strip());
      } catch (NumberFormatException e) {
        throw bad(f, column, "a number");
      }
    }

    private IOException bad(String[] f, int column, String expected) {
      return new IOException(
          path + ": line " + line + ", column " + header.get(column) + ": '" + f[column]
              + "' is not " + expected);
    }
  }

  private static final class IntList {
    private int[] values = new int[1024];
    private int size;

    void add(int v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    int[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }

  private static final class FloatList {
    private float[] values = new float[1024];
    private int size;

    void add(float v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    float[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
