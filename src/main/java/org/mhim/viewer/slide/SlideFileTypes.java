package org.mhim.viewer.slide;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The file name extensions of the whole-slide formats OpenSlide reads: the open dialog's filter,
 * and which files of a folder a batch takes for slides.
 */
public final class SlideFileTypes {

  /** Lower case, without the dot. */
  public static final List<String> EXTENSIONS =
      List.of("svs", "tif", "tiff", "ndpi", "vms", "vmu", "scn", "mrxs", "svslide", "bif", "dcm");

  private SlideFileTypes() {}

  /** {@code *.svs}, {@code *.tif}, …: the patterns of a file chooser's filter. */
  public static List<String> patterns() {
    return EXTENSIONS.stream().map(extension -> "*." + extension).toList();
  }

  /** Whether the file's name ends in one of the {@link #EXTENSIONS} (any case). */
  public static boolean hasSlideName(Path file) {
    Path name = file.getFileName();
    if (name == null) {
      return false;
    }
    String text = name.toString();
    int dot = text.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(text.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /**
   * The slides directly in {@code folder} (not in its sub-folders), by name: regular files with a
   * slide's extension, hidden files left out.
   *
   * @throws IOException naming the folder when it cannot be listed
   */
  public static List<Path> inFolder(Path folder) throws IOException {
    List<Path> slides = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      for (Path entry : entries) {
        if (hasSlideName(entry) && !entry.getFileName().toString().startsWith(".") && Files.isRegularFile(entry)) {
          slides.add(entry);
        }
      }
    }
    slides.sort(Comparator.comparing(path -> path.getFileName().toString()));
    return slides;
  }
}
