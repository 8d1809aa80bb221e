package org.mhim.viewer.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Stacking overlay colours per instance gives what drawing the layers one over the other gives. */
class ColorStackTest {

  @Test
  void opaqueTopWinsTransparentLayersAreSkippedAndHalfAlphasBlend() {
    int[] bottom = {0xFF0000FF, 0xFF0000FF, 0x00000000, 0x80FF0000, 0x00000000};
    int[] top = {0xFF00FF00, 0x00123456, 0x80FF0000, 0x800000FF, 0x00000000};
    // Half blue over half red: alpha a + a(1 − a); red a(1 − a) and blue a, each over that alpha.
    double a = 0x80 / 255.0;
    double alpha = a + a * (1 - a);
    int halfOverHalf = channel(alpha) << 24 | channel(a * (1 - a) / alpha) << 16 | channel(a / alpha);
    assertArrayEquals(new int[] {0xFF00FF00, 0xFF0000FF, 0x80FF0000, halfOverHalf, 0},
        ColorStack.over(List.of(bottom, top)));
    // Half red over opaque blue: opaque, red 128/255 and blue 127/255.
    assertArrayEquals(new int[] {0xFF80007F}, ColorStack.over(List.of(new int[] {0xFF0000FF}, new int[] {0x80FF0000})));
    assertArrayEquals(bottom, ColorStack.over(List.of(bottom)), "one layer is itself");
    assertThrows(IllegalArgumentException.class, () -> ColorStack.over(List.of(new int[1], new int[2])));
    assertThrows(IllegalArgumentException.class, () -> ColorStack.over(List.of()));
  }

  private static int channel(double v) {
    return (int) Math.round(v * 255);
  }
}
