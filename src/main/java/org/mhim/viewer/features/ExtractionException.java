package org.mhim.viewer.features;

import java.nio.file.Path;

/** Features could not be extracted from a slide; the message names the slide and the problem. */
public class ExtractionException extends RuntimeException {

  public ExtractionException(Path slide, String problem, Throwable cause) {
    super(slide + ": " + problem, cause);
  }

  public ExtractionException(String message, Throwable cause) {
    super(message, cause);
  }
}
