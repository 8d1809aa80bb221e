package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScaleBarTest {

  @Test
  void choosesTheLargestRoundLengthThatFits() {
    // 0.5 µm/px at downsample 8: 4 µm per screen pixel, 120 px ≈ 480 µm → 200 µm bar, 50 px.
    ScaleBar.Choice c = ScaleBar.choose(4, 120);
    assertEquals(200, c.microns(), 1e-9);
    assertEquals(50, c.pixels(), 1e-9);
    assertEquals("200 µm", c.label());
  }

  @Test
  void switchesToMillimetresAndNanometres() {
    assertEquals("5 mm", ScaleBar.choose(50, 120).label()); // 6000 µm fits → 5 mm
    assertEquals("20 µm", ScaleBar.choose(0.2, 120).label()); // 24 µm fits → 20 µm
    assertEquals("500 nm", ScaleBar.choose(0.005, 120).label()); // 0.6 µm fits → 0.5 µm
  }

  @Test
  void neverLongerThanTheTargetNorShorterThanAFifthOfIt() {
    for (double mpp = 0.01; mpp < 100; mpp *= 1.37) {
      ScaleBar.Choice c = ScaleBar.choose(mpp, 120);
      assertTrue(c.pixels() <= 120 + 1e-9 && c.pixels() > 120 / 5.0, mpp + " → " + c);
    }
  }
}
