package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ViewportTest {

  private static final double EPS = 1e-9;

  @Test
  void fitShowsTheWholeSlideCentred() {
    Viewport v = Viewport.fit(100_000, 80_000, 1000, 500);
    assertEquals(160, v.downsample(), EPS); // height is the tighter side: 80000 / 500
    assertEquals(50_000, v.centerX(), EPS);
    assertEquals(40_000, v.centerY(), EPS);
    assertEquals(0, v.minY(), EPS);
    assertEquals(80_000, v.maxY(), EPS);
    assertEquals(-30_000, v.minX(), EPS); // wider canvas: margins left and right
  }

  @Test
  void screenAndImageCoordinatesAreInverse() {
    Viewport v = new Viewport(1234.5, 678.25, 3.5, 800, 600);
    for (double s : new double[] {0, 17.25, 400, 799}) {
      assertEquals(s, v.screenX(v.imageX(s)), EPS);
      assertEquals(s, v.screenY(v.imageY(s)), EPS);
    }
    assertEquals(1234.5, v.imageX(400), EPS);
    assertEquals(678.25, v.imageY(300), EPS);
  }

  @Test
  void zoomKeepsThePointUnderTheCursor() {
    Viewport v = new Viewport(5000, 4000, 8, 1000, 800);
    double ix = v.imageX(130);
    double iy = v.imageY(655);
    Viewport z = v.zoomAround(130, 655, 2);
    assertEquals(4, z.downsample(), EPS);
    assertEquals(ix, z.imageX(130), 1e-6);
    assertEquals(iy, z.imageY(655), 1e-6);
  }

  @Test
  void zoomWithinLimitsClampsAndStillKeepsTheAnchor() {
    Viewport v = new Viewport(5000, 4000, 1, 1000, 800);
    double ix = v.imageX(100);
    Viewport z = v.zoomAround(100, 100, 16, 0.25, 64);
    assertEquals(0.25, z.downsample(), EPS);
    assertEquals(ix, z.imageX(100), 1e-6);
    assertEquals(64, v.zoomAround(0, 0, 1e-6, 0.25, 64).downsample(), EPS);
  }

  @Test
  void dragRightShowsWhatLiesLeft() {
    Viewport v = new Viewport(5000, 4000, 4, 1000, 800);
    Viewport p = v.pan(100, -50);
    assertEquals(5000 - 400, p.centerX(), EPS);
    assertEquals(4000 + 200, p.centerY(), EPS);
  }

  @Test
  void constrainKeepsTheCentreOnTheSlide() {
    Viewport v = new Viewport(-50, 90_000, 0.1, 800, 600);
    Viewport c = v.constrain(1000, 80_000, 0.25, 100);
    assertEquals(0, c.centerX(), EPS);
    assertEquals(80_000, c.centerY(), EPS);
    assertEquals(0.25, c.downsample(), EPS);
    Viewport inside = new Viewport(10, 10, 1, 800, 600);
    assertSame(inside, inside.constrain(1000, 1000, 0.25, 100));
  }

  @Test
  void boxesOverlapTheViewWhenAnyPartIsInIt() {
    Viewport v = new Viewport(1000, 1000, 2, 400, 200); // level-0 x 600..1400, y 800..1200
    assertTrue(v.overlaps(new double[] {0, 0, 600, 800}), "touching the corner");
    assertTrue(v.overlaps(new double[] {900, 900, 1000, 1000}), "inside");
    assertTrue(v.overlaps(new double[] {0, 0, 5000, 5000}), "around it");
    assertFalse(v.overlaps(new double[] {0, 0, 599, 2000}), "left of it");
    assertFalse(v.overlaps(new double[] {700, 1201, 900, 1300}), "below it");
  }

  @Test
  void rejectsNonsense() {
    assertThrows(IllegalArgumentException.class, () -> new Viewport(0, 0, 0, 10, 10));
    assertThrows(IllegalArgumentException.class, () -> new Viewport(0, 0, Double.NaN, 10, 10));
    assertThrows(IllegalArgumentException.class, () -> new Viewport(0, 0, 1, -1, 10));
  }
}
