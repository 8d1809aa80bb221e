package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.mhim.viewer.slide.SlideLevel;
import org.mhim.viewer.slide.SlideMetadata;

class MagnificationTest {

  private static SlideMetadata slide(OptionalDouble mpp, OptionalDouble objective) {
    return new SlideMetadata(
        Path.of("s.tif"), "generic-tiff", List.of(new SlideLevel(40_000, 30_000, 1)),
        mpp, mpp, objective, Map.of(), List.of());
  }

  @Test
  void objectivePowerIsTheMagnificationOfLevelZero() {
    Magnification m = Magnification.of(slide(OptionalDouble.of(0.5), OptionalDouble.of(20)));
    assertEquals(20, m.atDownsample(1).getAsDouble(), 1e-9);
    assertEquals(5, m.atDownsample(4).getAsDouble(), 1e-9);
    assertEquals(2, m.downsampleFor(10), 1e-9);
  }

  @Test
  void pixelSizeStandsInForAMissingObjective() {
    Magnification m = Magnification.of(slide(OptionalDouble.of(0.25), OptionalDouble.empty()));
    assertEquals(40, m.atDownsample(1).getAsDouble(), 1e-9);
  }

  @Test
  void unknownWithoutEither() {
    Magnification m = Magnification.of(slide(OptionalDouble.empty(), OptionalDouble.empty()));
    assertFalse(m.known());
    assertTrue(m.atDownsample(2).isEmpty());
    assertTrue(m.presets(100).isEmpty());
    assertThrows(IllegalStateException.class, () -> m.downsampleFor(10));
  }

  @Test
  void presetsRunFromAboveFitToTwiceTheScan() {
    Magnification m = new Magnification(OptionalDouble.of(20));
    // Fit at downsample 8 is 2.5×: presets start above it and stop at 40× (twice 20×).
    assertEquals(List.of(5.0, 10.0, 20.0, 40.0), m.presets(8));
  }

  @Test
  void labels() {
    assertEquals("20×", Magnification.format(20));
    assertEquals("2.5×", Magnification.format(2.5));
    assertEquals("2×", Magnification.format(2));
    assertEquals("0.31×", Magnification.format(0.3125));
  }
}
