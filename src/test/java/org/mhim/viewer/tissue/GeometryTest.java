package org.mhim.viewer.tissue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Polygon, point-in-polygon, rasterisation, simplification and the mask's area sums. */
class GeometryTest {

  private final Polygon frame =
      new Polygon(Ring.rectangle(0, 0, 100, 80), List.of(Ring.rectangle(20, 20, 30, 30)));

  @Test
  void pointInPolygonRespectsHoles() {
    assertTrue(frame.contains(10, 10));
    assertFalse(frame.contains(35, 35), "inside the hole");
    assertTrue(frame.contains(60, 60));
    assertFalse(frame.contains(-1, 10));
    assertFalse(frame.contains(100.5, 10));
    assertEquals(100 * 80 - 30 * 30, frame.area());
  }

  @Test
  void closingVertexIsDropped() {
    Ring ring = Ring.of(0, 0, 4, 0, 4, 3, 0, 0);
    assertEquals(3, ring.size());
    assertEquals(6.0, ring.area());
  }

  @Test
  void rasterisingAtADownsampleSamplesPixelCentres() {
    // Level-0 polygon, mask at downsample 10: pixel (i, j) samples the point (10i + 5, 10j + 5).
    BinaryMask mask = PolygonRasterizer.rasterize(List.of(frame), 12, 9, 10, 0, 0);
    for (int j = 0; j < 9; j++) {
      for (int i = 0; i < 12; i++) {
        assertEquals(frame.contains(10 * i + 5, 10 * j + 5), mask.get(i, j), i + "," + j);
      }
    }
    assertEquals(10 * 8 - 9, mask.count());
  }

  @Test
  void rasterisingUnionsOverlappingPolygons() {
    List<Polygon> two =
        List.of(Polygon.of(Ring.rectangle(0, 0, 4, 4)), Polygon.of(Ring.rectangle(2, 2, 4, 4)));
    assertEquals(16 + 16 - 4, PolygonRasterizer.rasterize(two, 8, 8).count());
  }

  @Test
  void maskAreaCountsPartialPixels() {
    BinaryMask mask = Masks.picture("#.", "##");
    assertEquals(3, mask.count());
    assertEquals(2, mask.count(0, 0, 1, 2));
    assertEquals(0.25, mask.area(0.5, 0.5, 1.0, 1.0), 1e-12);
    assertEquals(0.25 + 0.25 + 0.25, mask.area(0.5, 0.5, 1.5, 1.5), 1e-12);
    assertEquals(3.0, mask.area(-5, -5, 10, 10), 1e-12, "outside the mask counts nothing");
  }

  @Test
  void iouOfShiftedSquares() {
    BinaryMask a = PolygonRasterizer.rasterize(List.of(Polygon.of(Ring.rectangle(0, 0, 4, 4))), 8, 8);
    BinaryMask b = PolygonRasterizer.rasterize(List.of(Polygon.of(Ring.rectangle(2, 0, 4, 4))), 8, 8);
    assertEquals(8.0 / 24.0, a.iou(b), 1e-12);
    assertEquals(1.0, a.iou(a));
  }

  @Test
  void simplificationDropsCollinearVerticesAndSmoothsStaircases() {
    Ring collinear = new Ring(new double[] {0, 0, 2, 0, 4, 0, 4, 2, 4, 4, 2, 4, 0, 4, 0, 2});
    assertEquals(Ring.rectangle(0, 0, 4, 4).size(), PolygonSimplifier.simplify(collinear, 0.01).size());

    BinaryMask disc = Masks.picture(
        "..........",
        "...####...",
        "..######..",
        ".########.",
        ".########.",
        ".########.",
        "..######..",
        "...####...",
        "..........");
    Polygon traced = ContourTracer.trace(disc).getFirst();
    Polygon simple = PolygonSimplifier.simplify(traced, 1.0);
    assertTrue(simple.exterior().size() < traced.exterior().size());
    assertEquals(traced.area(), simple.area(), traced.area() * 0.15);
  }
}
