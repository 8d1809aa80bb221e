package org.mhim.viewer.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ColormapTest {

  @Test
  void endpointsAreThePublishedColours() {
    // Ends of the published tables (matplotlib _cm_listed / Moreland's CoolWarmFloat33).
    assertEquals(0xFF440154, Colormap.VIRIDIS.argb(0));
    assertEquals(0xFFFDE725, Colormap.VIRIDIS.argb(1));
    assertEquals(0xFF000004, Colormap.MAGMA.argb(0));
    assertEquals(0xFFFCFDBF, Colormap.MAGMA.argb(1));
    assertEquals(0xFF3B4CC0, Colormap.COOLWARM.argb(0));
    assertEquals(0xFFB40426, Colormap.COOLWARM.argb(1));
    // Jet: dark blue to dark red, cyan-green in the middle.
    assertEquals(0xFF000080, Colormap.JET.argb(0));
    assertEquals(0xFF800000, Colormap.JET.argb(1));
  }

  @Test
  void outOfRangeAndNaNClamp() {
    assertEquals(Colormap.MAGMA.argb(0), Colormap.MAGMA.argb(-3));
    assertEquals(Colormap.MAGMA.argb(0), Colormap.MAGMA.argb(Double.NaN));
    assertEquals(Colormap.MAGMA.argb(1), Colormap.MAGMA.argb(7));
  }

  @ParameterizedTest
  @EnumSource(value = Colormap.class, names = {"VIRIDIS", "MAGMA"})
  void perceptualMapsRiseInLuminance(Colormap map) {
    // The published tables rise strictly; rounding to 8 bits can flatten a step by a hair, so
    // each step may dip by at most that, and every fourth entry must be strictly brighter.
    for (int i = 1; i < map.size(); i++) {
      double step = luminance(map.entry(i)) - luminance(map.entry(i - 1));
      assertTrue(step > -0.001, map + " luminance falls at entry " + i + " by " + step);
      if (i >= 4) {
        assertTrue(luminance(map.entry(i)) > luminance(map.entry(i - 4)), map + " flat at " + i);
      }
    }
    assertTrue(luminance(map.argb(1)) - luminance(map.argb(0)) > 0.7);
  }

  @Test
  void coolwarmIsLightInTheMiddleAndDarkAtBothEnds() {
    double middle = luminance(Colormap.COOLWARM.argb(0.5));
    assertTrue(middle > luminance(Colormap.COOLWARM.argb(0)) + 0.3);
    assertTrue(middle > luminance(Colormap.COOLWARM.argb(1)) + 0.3);
    int mid = Colormap.COOLWARM.argb(0.5);
    // Moreland's midpoint is a neutral light grey (221, 221, 221).
    assertEquals(221, (mid >> 16) & 0xFF, 2);
    assertEquals(221, (mid >> 8) & 0xFF, 2);
    assertEquals(221, mid & 0xFF, 2);
  }

  @ParameterizedTest
  @EnumSource(Colormap.class)
  void everyColourIsOpaqueAndNeighboursAreClose(Colormap map) {
    for (int i = 0; i < map.size(); i++) {
      assertEquals(0xFF, map.entry(i) >>> 24);
      if (i > 0) {
        assertTrue(distance(map.entry(i - 1), map.entry(i)) <= 12, map + " jumps at " + i);
      }
    }
  }

  @Test
  void parsesNamesAndNamesTheChoicesOnError() {
    assertEquals(Colormap.VIRIDIS, Colormap.parse("Viridis"));
    assertEquals(Colormap.JET, Colormap.parse(" jet "));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Colormap.parse("rainbow"));
    assertTrue(e.getMessage().contains("viridis, magma, coolwarm or jet"));
  }

  /** WCAG relative luminance of an sRGB colour. */
  static double luminance(int argb) {
    return 0.2126 * linear((argb >> 16) & 0xFF)
        + 0.7152 * linear((argb >> 8) & 0xFF)
        + 0.0722 * linear(argb & 0xFF);
  }

  private static double linear(int channel) {
    double c = channel / 255.0;
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }

  private static int distance(int a, int b) {
    return Math.max(
        Math.abs(((a >> 16) & 0xFF) - ((b >> 16) & 0xFF)),
        Math.max(Math.abs(((a >> 8) & 0xFF) - ((b >> 8) & 0xFF)), Math.abs((a & 0xFF) - (b & 0xFF))));
  }
}
