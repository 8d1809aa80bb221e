package org.mhim.viewer.features;

import java.nio.file.Path;

/** Locates the shared reference data (system property {@code mhim.shared}, set by surefire). */
final class Fixtures {
  private Fixtures() {}

  static Path shared() {
    return Path.of(System.getProperty("mhim.shared", "../shared"));
  }

  static Path encoders() {
    return shared().resolve("fixtures/encoders");
  }
}
