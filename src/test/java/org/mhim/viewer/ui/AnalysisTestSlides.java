package org.mhim.viewer.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mhim.viewer.slide.DemoSlideSpec;
import org.mhim.viewer.slide.DemoSlideWriter;

/**
 * Held-out demo slides for the analysis UI tests: seeds far from the demo model's training
 * (1..16) and held-out (100001..) seeds, the training size and tumour fraction, so the demo
 * model sees what it was made for but never this slide. Written once per JVM.
 */
final class AnalysisTestSlides {

  /** The demo model's training slide size (its manifest's demo.size). */
  static final DemoSlideSpec HELD_OUT = new DemoSlideSpec(4096, 3072, 7_000_101, 0.3);

  private static DemoSlideWriter.Result heldOut;

  private AnalysisTestSlides() {}

  /** The held-out tumour slide with its ground-truth annotations. */
  static synchronized DemoSlideWriter.Result heldOut() {
    if (heldOut == null) {
      try {
        Path dir = Files.createTempDirectory("mhim-analysis-test");
        dir.toFile().deleteOnExit();
        heldOut = DemoSlideWriter.write(dir.resolve("heldout.tif"), HELD_OUT);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return heldOut;
  }
}
