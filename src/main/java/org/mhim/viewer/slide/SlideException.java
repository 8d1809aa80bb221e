package org.mhim.viewer.slide;

import java.nio.file.Path;

/** A slide could not be opened or read; the message names the file and the problem. */
public class SlideException extends RuntimeException {
  private final Path path;

  public SlideException(Path path, String problem) {
    super(path + ": " + problem);
    this.path = path;
  }

  public SlideException(Path path, String problem, Throwable cause) {
    super(path + ": " + problem, cause);
    this.path = path;
  }

  /** The slide file concerned. */
  public Path path() {
    return path;
  }
}
