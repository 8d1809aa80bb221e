package org.mhim.viewer.features;

import java.nio.file.Path;

/** An encoder could not be loaded or disagrees with its description; the message names the file. */
public class EncoderException extends RuntimeException {

  public EncoderException(Path file, String problem) {
    super(file + ": " + problem);
  }

  public EncoderException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
  }

  public EncoderException(String message, Throwable cause) {
    super(message, cause);
  }
}
