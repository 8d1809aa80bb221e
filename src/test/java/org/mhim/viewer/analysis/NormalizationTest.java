package org.mhim.viewer.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NormalizationTest {

  private static final double EPS = 1e-12;

  @Test
  void asIsKeepsProbabilitiesAndClampsTheRest() {
    assertArrayEquals(
        new double[] {0, 0.25, 1, 0, 1},
        Normalization.AS_IS.apply(new float[] {0, 0.25f, 1, -0.5f, 3}),
        EPS);
  }

  @Test
  void percentileRanksGoFromZeroToOneAndTiesShareTheirMeanRank() {
    // Sorted: 0.1 (rank 0), 0.5 0.5 0.5 (ranks 1, 2, 3 → 2), 0.9 (rank 4); n − 1 = 4.
    double[] t = Normalization.PERCENTILE.apply(new float[] {0.5f, 0.9f, 0.1f, 0.5f, 0.5f});
    assertArrayEquals(new double[] {0.5, 1, 0, 0.5, 0.5}, t, EPS);
  }

  @Test
  void percentileIgnoresScaleAndKeepsOrder() {
    float[] values = {1e-6f, 3e-6f, 2e-6f, 1e-3f};
    assertArrayEquals(
        new double[] {0, 2 / 3.0, 1 / 3.0, 1}, Normalization.PERCENTILE.apply(values), EPS);
  }

  @Test
  void percentileOrdersNegativeValuesAndTreatsSignedZerosAsEqual() {
    float[] values = {-2, 3, -0.5f, 0f, -0f};
    assertArrayEquals(
        new double[] {0, 1, 0.25, 0.625, 0.625}, Normalization.PERCENTILE.apply(values), EPS);
  }

  @Test
  void percentileOfAllEqualValuesIsTheMiddle() {
    assertArrayEquals(new double[] {0.5, 0.5, 0.5}, Normalization.PERCENTILE.apply(new float[] {2, 2, 2}), EPS);
    assertArrayEquals(new double[] {0.5}, Normalization.PERCENTILE.apply(new float[] {7}), EPS);
  }

  @Test
  void minMaxStretchesToTheRange() {
    assertArrayEquals(
        new double[] {0, 0.5, 1, 0.25},
        Normalization.MIN_MAX.apply(new float[] {2, 4, 6, 3}),
        EPS);
    assertArrayEquals(new double[] {0.5, 0.5}, Normalization.MIN_MAX.apply(new float[] {3, 3}), EPS);
  }

  @Test
  void nanStaysNanAndTakesNoPartInRanksOrRange() {
    float[] values = {Float.NaN, 1, 3, Float.NaN, 2};
    double[] rank = Normalization.PERCENTILE.apply(values);
    assertTrue(Double.isNaN(rank[0]) && Double.isNaN(rank[3]));
    assertEquals(0, rank[1], EPS);
    assertEquals(1, rank[2], EPS);
    assertEquals(0.5, rank[4], EPS);
    double[] stretched = Normalization.MIN_MAX.apply(values);
    assertTrue(Double.isNaN(stretched[0]));
    assertEquals(0.5, stretched[4], EPS);
  }

  @Test
  void tickLabelsSayWhatThePositionMeans() {
    float[] values = {0.002f, 0.010f};
    assertEquals("0.25", Normalization.AS_IS.tickLabel(0.25, values));
    assertEquals("1", Normalization.AS_IS.tickLabel(1, values));
    assertEquals("75%", Normalization.PERCENTILE.tickLabel(0.75, values));
    assertEquals("0.002", Normalization.MIN_MAX.tickLabel(0, values));
    assertEquals("0.006", Normalization.MIN_MAX.tickLabel(0.5, values));
  }

  @Test
  void colorScaleHidesNanAndValuesBelowTheThreshold() {
    ColorScale scale = new ColorScale(Colormap.MAGMA, Normalization.AS_IS, 0.5, 0.6);
    int[] colors = scale.colors(new float[] {0.2f, 0.5f, 0.9f, Float.NaN});
    assertEquals(0, colors[0]);
    assertEquals(0, colors[3]);
    int alpha = (int) Math.round(0.6 * 255);
    assertEquals(alpha << 24 | (Colormap.MAGMA.argb(0.5f) & 0xFFFFFF), colors[1]);
    assertEquals(alpha << 24 | (Colormap.MAGMA.argb(0.9f) & 0xFFFFFF), colors[2]);
  }

  @Test
  void colorScaleRejectsOutOfRangeSettings() {
    assertThrows(IllegalArgumentException.class, () -> ColorScale.defaults().withThreshold(1.5));
    assertThrows(IllegalArgumentException.class, () -> ColorScale.defaults().withOpacity(-0.1));
    assertThrows(IllegalArgumentException.class, () -> Normalization.parse("log"));
    assertEquals(Normalization.MIN_MAX, Normalization.parse("Min-Max"));
    assertEquals(Normalization.PERCENTILE, Normalization.parse("rank"));
  }
}
