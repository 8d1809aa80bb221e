package org.mhim.viewer.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** Makes train/validation/test splits: from the user's CSV files, or by stratified k-fold. */
public final class Splits {

  /** Splits read from CSV files, with the class names they share. */
  public record FromFiles(List<String> classNames, DataSplit split) {}

  private Splits() {}

  /**
   * Reads {@code --train}, {@code --val} and optionally {@code --test} CSVs ({@code
   * slide_id,label}). Class names come from {@code classes}, else from the train file in order of
   * first appearance. Every problem of every file is reported at once.
   */
  public static FromFiles fromFiles(
      Path train, Path val, Optional<Path> test, Optional<List<String>> classes)
      throws IOException, DatasetException {
    List<String> problems = new ArrayList<>();
    LabelTable trainTable = readCollecting(train, classes, true, problems);
    Optional<List<String>> names =
        classes.isPresent() ? classes : Optional.ofNullable(trainTable).map(LabelTable::classNames);
    LabelTable valTable = readCollecting(val, names, false, problems);
    LabelTable testTable = test.isPresent() ? readCollecting(test.get(), names, false, problems) : null;
    if (!problems.isEmpty()) {
      throw new DatasetException("the split files", problems);
    }
    Map<String, String> owner = new HashMap<>();
    for (var entry : List.of(Map.entry("train", trainTable), Map.entry("val", valTable))) {
      claim(entry.getKey(), entry.getValue(), owner, problems);
    }
    if (testTable != null) {
      claim("test", testTable, owner, problems);
    }
    if (!problems.isEmpty()) {
      throw new DatasetException("the split files", problems);
    }
    return new FromFiles(
        names.orElseThrow(),
        new DataSplit(
            trainTable.slides(),
            valTable.slides(),
            testTable == null ? List.of() : testTable.slides()));
  }

  /**
   * Stratified k-fold: each class is shuffled with {@code seed} and dealt round-robin into {@code
   * k} folds. Fold {@code i} is the test set, fold {@code i+1 (mod k)} the validation set and the
   * rest train, so every slide is tested exactly once over the k splits.
   */
  public static List<DataSplit> stratifiedKFold(LabelTable labels, int k, long seed)
      throws DatasetException {
    int[] counts = labels.classCounts();
    List<String> problems = new ArrayList<>();
    if (k < 3) {
      problems.add("k-fold needs at least 3 folds (train, validation and test), not " + k);
    }
    for (int c = 0; c < counts.length; c++) {
      if (k >= 3 && counts[c] < k) {
        problems.add("class '" + labels.classNames().get(c) + "' has " + counts[c]
            + " slides, fewer than the " + k + " folds");
      }
    }
    if (!problems.isEmpty()) {
      throw new DatasetException("stratified " + k + "-fold split", problems);
    }
    List<List<LabeledSlide>> folds = new ArrayList<>();
    for (int f = 0; f < k; f++) {
      folds.add(new ArrayList<>());
    }
    Random random = new Random(seed);
    int next = 0;
    for (int c = 0; c < counts.length; c++) {
      int cls = c;
      List<LabeledSlide> members =
          new ArrayList<>(labels.slides().stream().filter(s -> s.label() == cls).toList());
      Collections.shuffle(members, random);
      for (LabeledSlide slide : members) {
        folds.get(next).add(slide);
        next = (next + 1) % k;
      }
    }
    List<DataSplit> splits = new ArrayList<>();
    for (int f = 0; f < k; f++) {
      int valFold = (f + 1) % k;
      List<LabeledSlide> train = new ArrayList<>();
      for (int g = 0; g < k; g++) {
        if (g != f && g != valFold) {
          train.addAll(folds.get(g));
        }
      }
      splits.add(new DataSplit(train, folds.get(valFold), folds.get(f)));
    }
    return splits;
  }

  private static LabelTable readCollecting(
      Path csv, Optional<List<String>> classes, boolean requireEveryClass, List<String> problems)
      throws IOException {
    try {
      return LabelTable.read(csv, classes, requireEveryClass);
    } catch (DatasetException e) {
      e.problems().forEach(p -> problems.add(csv + ": " + p));
      return null;
    }
  }

  private static void claim(
      String split, LabelTable table, Map<String, String> owner, List<String> problems) {
    for (LabeledSlide slide : table.slides()) {
      String previous = owner.putIfAbsent(slide.slideId(), split);
      if (previous != null) {
        problems.add("slide " + slide.slideId() + " is in both " + previous + " and " + split);
      }
    }
  }
}
