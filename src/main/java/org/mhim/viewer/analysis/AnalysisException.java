package org.mhim.viewer.analysis;

import java.nio.file.Path;

/** A slide that cannot be analysed as asked, named with the reason (no tissue, a model mismatch). */
public final class AnalysisException extends RuntimeException {

  private final Path path;

  public AnalysisException(Path path, String problem) {
    super(path + ": " + problem);
    this.path = path;
  }

  /** The slide or model file concerned. */
  public Path path() {
    return path;
  }
}
