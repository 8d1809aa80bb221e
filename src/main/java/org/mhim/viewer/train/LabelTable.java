package org.mhim.viewer.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The labels of a dataset, read from a CSV {@code slide_id,label}. A label is a class name or an
 * integer class index. Class names keep their order of first appearance unless given explicitly.
 */
public record LabelTable(List<String> classNames, List<LabeledSlide> slides) {

  public LabelTable {
    classNames = List.copyOf(classNames);
    slides = List.copyOf(slides);
  }

  /** Number of slides of each class, by class index. */
  public int[] classCounts() {
    int[] counts = new int[classNames.size()];
    slides.forEach(s -> counts[s.label()]++);
    return counts;
  }

  /** The slides whose ids are in {@code ids}, in this table's order. */
  public List<LabeledSlide> only(Set<String> ids) {
    return slides.stream().filter(s -> ids.contains(s.slideId())).toList();
  }

  /**
   * Reads a labels CSV, reporting every problem at once.
   *
   * @param classes the class names in order, when the user gives them; else derived from the file
   */
  public static LabelTable read(Path csv, Optional<List<String>> classes)
      throws IOException, DatasetException {
    return read(csv, classes, true);
  }

  /**
   * Reads a labels CSV; with {@code requireEveryClass} false a class may have no slides (a small
   * validation or test file).
   */
  public static LabelTable read(Path csv, Optional<List<String>> classes, boolean requireEveryClass)
      throws IOException, DatasetException {
    List<CsvLines.Row> rows = CsvLines.read(csv);
    List<String> problems = new ArrayList<>();
    if (rows.isEmpty()) {
      throw new DatasetException(csv.toString(), List.of("the file is empty"));
    }
    int idColumn = 0;
    int labelColumn = 1;
    List<String> header = lower(rows.getFirst().fields());
    boolean hasHeader = header.contains("slide_id") || header.contains("label");
    if (hasHeader) {
      idColumn = header.indexOf("slide_id");
      labelColumn = header.indexOf("label");
      if (idColumn < 0 || labelColumn < 0) {
        throw new DatasetException(
            csv.toString(),
            List.of("the header must name the columns slide_id and label; it has " + header));
      }
    }
    List<CsvLines.Row> data = hasHeader ? rows.subList(1, rows.size()) : rows;
    Map<String, Integer> firstLine = new HashMap<>();
    List<String[]> pairs = new ArrayList<>();
    for (CsvLines.Row row : data) {
      int needed = Math.max(idColumn, labelColumn) + 1;
      if (row.fields().size() < needed) {
        problems.add("line " + row.line() + ": expected at least " + needed + " fields, found "
            + row.fields().size());
        continue;
      }
      String id = row.fields().get(idColumn);
      String label = row.fields().get(labelColumn);
      if (id.isEmpty()) {
        problems.add("line " + row.line() + ": empty slide_id");
        continue;
      }
      if (label.isEmpty()) {
        problems.add("line " + row.line() + ": slide " + id + " has an empty label");
        continue;
      }
      Integer previous = firstLine.putIfAbsent(id, row.line());
      if (previous != null) {
        problems.add("line " + row.line() + ": duplicate slide_id " + id + " (first on line "
            + previous + ")");
        continue;
      }
      pairs.add(new String[] {id, label, Integer.toString(row.line())});
    }
    if (pairs.isEmpty() && problems.isEmpty()) {
      problems.add("no slides listed");
    }
    ClassResolver resolver = new ClassResolver(classes, pairs.stream().allMatch(p -> isIndex(p[1])));
    List<LabeledSlide> slides = new ArrayList<>();
    for (String[] p : pairs) {
      Optional<Integer> index = resolver.resolve(p[1]);
      if (index.isEmpty()) {
        problems.add("line " + p[2] + ": slide " + p[0] + " has unknown label '" + p[1] + "'"
            + resolver.expectation());
      } else {
        slides.add(new LabeledSlide(p[0], index.get()));
      }
    }
    List<String> names = resolver.names();
    int[] counts = new int[names.size()];
    slides.forEach(s -> counts[s.label()]++);
    for (int c = 0; c < counts.length; c++) {
      if (requireEveryClass && counts[c] == 0 && !slides.isEmpty()) {
        problems.add("class '" + names.get(c) + "' has no slides");
      }
    }
    if (!problems.isEmpty()) {
      throw new DatasetException(csv.toString(), problems);
    }
    return new LabelTable(names, slides);
  }

  private static List<String> lower(List<String> fields) {
    return fields.stream().map(f -> f.toLowerCase(Locale.ROOT)).toList();
  }

  private static boolean isIndex(String label) {
    return label.matches("\\d{1,6}");
  }

  /** Turns label text into a class index, growing the class list when no names were given. */
  private static final class ClassResolver {
    private final Optional<List<String>> given;
    private final boolean numeric;
    private final Map<String, Integer> seen = new LinkedHashMap<>();
    private int maxIndex = -1;

    ClassResolver(Optional<List<String>> given, boolean numeric) {
      this.given = given;
      this.numeric = numeric;
    }

    Optional<Integer> resolve(String label) {
      if (given.isPresent()) {
        List<String> names = given.get();
        int byName = names.indexOf(label);
        if (byName >= 0) {
          return Optional.of(byName);
        }
        if (isIndex(label) && Integer.parseInt(label) < names.size()) {
          return Optional.of(Integer.parseInt(label));
        }
        return Optional.empty();
      }
      if (numeric) {
        int index = Integer.parseInt(label);
        maxIndex = Math.max(maxIndex, index);
        return Optional.of(index);
      }
      return Optional.of(seen.computeIfAbsent(label, l -> seen.size()));
    }

    String expectation() {
      return given.map(n -> " (classes are " + n + ")").orElse("");
    }

    List<String> names() {
      if (given.isPresent()) {
        return given.get();
      }
      if (numeric) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i <= maxIndex; i++) {
          names.add(Integer.toString(i));
        }
        return names;
      }
      return List.copyOf(seen.keySet());
    }
  }
}
