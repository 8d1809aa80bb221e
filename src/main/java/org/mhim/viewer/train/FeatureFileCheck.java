package org.mhim.viewer.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds each slide's feature file in a features folder and reports every slide that has none. */
public final class FeatureFileCheck {

  private FeatureFileCheck() {}

  /** {@code DIR/h5_files/<id>.h5} if present, else {@code DIR/pt_files/<id>.pt}. */
  public static Optional<Path> locate(Path featuresDir, String slideId) {
    Path h5 = featuresDir.resolve("h5_files").resolve(slideId + ".h5");
    if (Files.isRegularFile(h5)) {
      return Optional.of(h5);
    }
    Path pt = featuresDir.resolve("pt_files").resolve(slideId + ".pt");
    return Files.isRegularFile(pt) ? Optional.of(pt) : Optional.empty();
  }

  /** The problem line of a slide with no feature file. */
  static String missing(String slideId) {
    return "no features for slide " + slideId + " (looked for h5_files/" + slideId + ".h5 and pt_files/" + slideId
        + ".pt)";
  }

  /** The problem line of a feature file the reader refused, naming the file once. */
  static String unreadable(Path file, Exception e) {
    String why = String.valueOf(e.getMessage());
    return why.startsWith(file.toString()) ? why : file + ": unreadable (" + why + ")";
  }

  /** The feature file of every slide, in order; throws listing all slides without one. */
  public static List<Path> requireAll(Path featuresDir, List<LabeledSlide> slides)
      throws DatasetException {
    List<String> problems = new ArrayList<>();
    if (!Files.isDirectory(featuresDir)) {
      throw new DatasetException(featuresDir.toString(), List.of("not a folder"));
    }
    List<Path> files = new ArrayList<>();
    for (LabeledSlide slide : slides) {
      Optional<Path> file = locate(featuresDir, slide.slideId());
      if (file.isEmpty()) {
        problems.add(missing(slide.slideId()));
      } else {
        files.add(file.get());
      }
    }
    if (!problems.isEmpty()) {
      throw new DatasetException(featuresDir.toString(), problems);
    }
    return files;
  }
}
