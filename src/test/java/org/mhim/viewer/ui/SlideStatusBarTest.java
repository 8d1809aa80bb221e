package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mhim.viewer.slide.SlideLevel;
import org.mhim.viewer.slide.SlideMetadata;
import org.testfx.framework.junit5.ApplicationExtension;

/** The status bar's summary of a slide while the pointer is off it (the class needs the FX toolkit). */
@ExtendWith(ApplicationExtension.class)
class SlideStatusBarTest {

  private static SlideMetadata slide(List<SlideLevel> levels, OptionalDouble mpp) {
    return new SlideMetadata(Path.of("s.tif"), "aperio", levels, mpp, mpp, OptionalDouble.empty(), Map.of(), List.of());
  }

  @Test
  void countsLevelsInWordsAndSaysWhenThereIsNoPixelSize() {
    assertEquals("120 × 90 px   ·   1 level   ·   0.500 µm/px   ·   aperio",
        SlideStatusBar.summary(slide(List.of(new SlideLevel(120, 90, 1)), OptionalDouble.of(0.5))));
    assertEquals("12,000 × 9,000 px   ·   2 levels   ·   no pixel size in this slide: positions in pixels only, no scale bar"
            + "   ·   aperio",
        SlideStatusBar.summary(slide(List.of(new SlideLevel(12_000, 9_000, 1), new SlideLevel(3_000, 2_250, 4)),
            OptionalDouble.empty())));
  }
}
