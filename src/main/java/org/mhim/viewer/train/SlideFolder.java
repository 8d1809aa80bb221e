package org.mhim.viewer.train;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mhim.viewer.io.FileNames;

/** The slide files of a labels table in a folder: each slide is the file named {@code slide_id.*}. */
public final class SlideFolder {

  private SlideFolder() {}

  /**
   * Each slide of {@code table}, in its order, with its file in {@code folder}.
   *
   * @param labels the labels file, which messages name
   * @throws DatasetException naming every slide the folder lacks
   */
  public static Map<String, Path> files(LabelTable table, Path folder, Path labels)
      throws IOException, DatasetException {
    Map<String, Path> byStem = new LinkedHashMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      for (Path entry : entries) {
        String stem = FileNames.stem(entry);
        boolean named = !stem.equals(entry.getFileName().toString()); // slide_id.* has an extension
        if (named && Files.isRegularFile(entry)) {
          byStem.putIfAbsent(stem, entry);
        }
      }
    }
    Map<String, Path> files = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (LabeledSlide slide : table.slides()) {
      Path file = byStem.get(slide.slideId());
      if (file == null) {
        problems.add("no slide file named " + slide.slideId() + ".* in " + folder);
      } else {
        files.put(slide.slideId(), file);
      }
    }
    if (!problems.isEmpty()) {
      throw new DatasetException(labels.toString(), problems);
    }
    return files;
  }
}
