package org.mhim.viewer.io;

import java.nio.file.Path;

/** What the project reads from file names. */
public final class FileNames {

  private FileNames() {}

  /**
   * The file name without its last extension ({@code a/slide.svs} → {@code slide}); a name with no
   * dot after its first character is kept whole ({@code .hidden}, {@code README}).
   */
  public static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
