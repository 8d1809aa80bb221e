package org.mhim.viewer.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.mhim.viewer.features.FeatureBag;

/**
 * A checked dataset ready to train on: class names, the split, and every slide's bag, read once
 * and held in memory. Loading reports every problem of the data at once.
 *
 * @param classNames the classes, in index order
 * @param split which slides train, validate and test
 * @param inputDim the feature length every bag shares
 * @param encoderId the encoder named by the feature files' attributes, empty when they do not say
 *     or disagree
 * @param bags every slide's bag by slide id
 */
public record TrainingData(
    List<String> classNames, DataSplit split, int inputDim, String encoderId, Map<String, FeatureBag> bags) {

  public TrainingData {
    classNames = List.copyOf(classNames);
    bags = Collections.unmodifiableMap(new LinkedHashMap<>(bags));
  }

  /**
   * Reads and checks the bags of every slide of {@code split} from {@code featuresDir}: a missing or
   * unreadable feature file, an empty bag, a feature length unlike the others', a class with no
   * training slide or an empty train/validation split — all reported together.
   */
  public static TrainingData load(Path featuresDir, List<String> classNames, DataSplit split)
      throws IOException, DatasetException {
    List<String> problems = new ArrayList<>();
    if (split.train().isEmpty()) {
      problems.add("the training split has no slides");
    }
    if (split.val().isEmpty()) {
      problems.add("the validation split has no slides");
    }
    int[] trainCounts = new int[classNames.size()];
    split.train().forEach(s -> trainCounts[s.label()]++);
    for (int c = 0; c < trainCounts.length; c++) {
      if (trainCounts[c] == 0 && !split.train().isEmpty()) {
        problems.add("class '" + classNames.get(c) + "' has no training slides");
      }
    }
    List<LabeledSlide> all = new ArrayList<>(split.train());
    all.addAll(split.val());
    all.addAll(split.test());
    if (!Files.isDirectory(featuresDir)) {
      problems.add(featuresDir + " is not a folder");
      throw new DatasetException("the dataset", problems);
    }
    Map<String, FeatureBag> bags = new LinkedHashMap<>();
    Map<Integer, List<String>> byDim = new TreeMap<>();
    for (LabeledSlide slide : all) {
      Optional<Path> file = FeatureFileCheck.locate(featuresDir, slide.slideId());
      if (file.isEmpty()) {
        problems.add(FeatureFileCheck.missing(slide.slideId()));
        continue;
      }
      FeatureBag bag;
      try {
        bag = BagReading.read(file.get());
      } catch (IOException | RuntimeException e) {
        problems.add(FeatureFileCheck.unreadable(file.get(), e));
        continue;
      }
      if (bag.count() == 0) {
        problems.add(file.get() + ": the bag is empty (no instances)");
        continue;
      }
      byDim.computeIfAbsent(bag.dim(), d -> new ArrayList<>()).add(slide.slideId());
      bags.put(slide.slideId(), bag);
    }
    int inputDim = 0;
    if (byDim.size() > 1) {
      int common = byDim.entrySet().stream().max(Map.Entry.comparingByValue(
          Comparator.comparingInt(List::size))).orElseThrow().getKey();
      byDim.forEach(
          (dim, ids) -> {
            if (dim != common) {
              problems.add("features of length " + dim + " (most bags have " + common + ") in "
                  + (ids.size() <= 5 ? String.join(", ", ids) : String.join(", ", ids.subList(0, 5))
                      + " and " + (ids.size() - 5) + " more"));
            }
          });
    } else if (byDim.size() == 1) {
      inputDim = byDim.keySet().iterator().next();
    }
    if (!problems.isEmpty()) {
      throw new DatasetException("the dataset", problems);
    }
    return new TrainingData(classNames, split, inputDim, encoderOf(bags.values()), bags);
  }

  private static String encoderOf(Iterable<FeatureBag> bags) {
    String id = null;
    for (FeatureBag bag : bags) {
      String own = bag.attributes().encoderId();
      if (id == null) {
        id = own;
      } else if (!id.equals(own)) {
        return "";
      }
    }
    return id == null ? "" : id;
  }

  /** The bag of a slide. */
  public FeatureBag bag(String slideId) {
    FeatureBag bag = bags.get(slideId);
    if (bag == null) {
      throw new IllegalArgumentException("no bag for slide " + slideId);
    }
    return bag;
  }

  /** Slides per split and class: {@code train → {class → n}, val → …, test → …}. */
  public Map<String, Map<String, Integer>> summary() {
    Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
    out.put("train", counts(split.train()));
    out.put("val", counts(split.val()));
    out.put("test", counts(split.test()));
    return out;
  }

  private Map<String, Integer> counts(List<LabeledSlide> slides) {
    Map<String, Integer> m = new LinkedHashMap<>();
    classNames.forEach(c -> m.put(c, 0));
    slides.forEach(s -> m.merge(classNames.get(s.label()), 1, Integer::sum));
    return m;
  }
}
