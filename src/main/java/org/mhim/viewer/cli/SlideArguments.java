package org.mhim.viewer.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mhim.viewer.io.ErrorMessages;
import org.mhim.viewer.slide.SlideFileTypes;

/** The SLIDE arguments of a batch command: files as given, and a folder for the slides directly in it. */
final class SlideArguments {

  /** The description of a SLIDE parameter that takes folders too. */
  static final String DESCRIPTION =
      "Slide files (anything OpenSlide reads), or folders: a folder stands for the slide files directly in it"
          + " (*.svs, *.tif, *.ndpi, *.mrxs, …).";

  private SlideArguments() {}

  /**
   * The slides, in the order given, each folder's by name.
   *
   * @throws IllegalArgumentException naming a folder without slides, or one that cannot be read
   */
  static List<Path> expand(List<Path> given) {
    List<Path> slides = new ArrayList<>();
    for (Path path : given) {
      if (!Files.isDirectory(path)) {
        slides.add(path);
        continue;
      }
      List<Path> found;
      try {
        found = SlideFileTypes.inFolder(path);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot list the folder " + ErrorMessages.ofIo(e), e);
      }
      if (found.isEmpty()) {
        throw new IllegalArgumentException(path + ": no slide files in this folder (" + String.join(", ", SlideFileTypes.patterns()) + ")");
      }
      slides.addAll(found);
    }
    return slides;
  }

  /** A slide's progress label in a batch: "[3/20] name", or the name alone when it is the only one. */
  static String progressLabel(String name, int slide, int slides) {
    return slides == 1 ? name : "[" + slide + "/" + slides + "] " + name;
  }
}
