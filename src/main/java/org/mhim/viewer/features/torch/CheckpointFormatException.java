package org.mhim.viewer.features.torch;

import java.io.IOException;
import java.nio.file.Path;

/** A file that is not a readable PyTorch zip checkpoint; the message names the file and the problem. */
public class CheckpointFormatException extends IOException {

  private final transient Path file;

  public CheckpointFormatException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  public CheckpointFormatException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  /** The file that was refused. */
  public Path file() {
    return file;
  }
}
