package org.mhim.viewer.analysis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The slides of one batch (the extract and analyze commands, the viewer's folder analysis), whose
 * outputs are named after each slide's id (its file name without the extension): a slide given
 * twice is taken once, and two files with one id are refused before any work, since the second
 * would overwrite the first's files.
 */
public record SlideBatch(List<Path> slides, List<Path> repeated) {

  public SlideBatch {
    slides = List.copyOf(slides);
    repeated = List.copyOf(repeated);
  }

  /**
   * The {@code given} slides in their order, each file once (however its path is spelt).
   *
   * @param out the output folder, for the message
   * @throws IllegalArgumentException naming the files that share an id and what to do
   */
  public static SlideBatch of(List<Path> given, Path out) {
    Set<Path> seen = new LinkedHashSet<>();
    List<Path> slides = new ArrayList<>();
    List<Path> repeated = new ArrayList<>();
    Map<String, List<Path>> byId = new LinkedHashMap<>();
    for (Path slide : given) {
      if (seen.add(slide.toAbsolutePath().normalize())) {
        slides.add(slide);
        byId.computeIfAbsent(SlideAnalyzer.slideId(slide), id -> new ArrayList<>()).add(slide);
      } else {
        repeated.add(slide);
      }
    }
    List<String> clashes = new ArrayList<>();
    byId.forEach((id, files) -> {
      if (files.size() > 1) {
        clashes.add(String.join(", ", files.stream().map(Path::toString).toList()) + " (all '" + id + "')");
      }
    });
    if (!clashes.isEmpty()) {
      throw new IllegalArgumentException(
          "slides with the same name would overwrite each other's files in " + out + ": "
              + String.join("; ", clashes) + "; put them into separate output folders, or rename them");
    }
    return new SlideBatch(slides, repeated);
  }
}
