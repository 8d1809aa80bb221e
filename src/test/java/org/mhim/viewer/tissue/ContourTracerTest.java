package org.mhim.viewer.tissue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContourTracerTest {

  @Test
  void squareWithHoleIsOneExteriorAndOneHole() {
    BinaryMask mask =
        Masks.picture(
            "......",
            ".####.",
            ".#..#.",
            ".#..#.",
            ".####.",
            "......");
    List<Polygon> polygons = ContourTracer.trace(mask);
    assertEquals(1, polygons.size());
    Polygon polygon = polygons.getFirst();
    assertArrayEquals(new double[] {1, 1, 5, 1, 5, 5, 1, 5}, polygon.exterior().xy());
    assertEquals(1, polygon.holes().size());
    Ring hole = polygon.holes().getFirst();
    assertArrayEquals(new double[] {2, 2, 2, 4, 4, 4, 4, 2}, hole.xy());
    assertTrue(polygon.exterior().signedArea() > 0, "outer rings run clockwise on screen");
    assertTrue(hole.signedArea() < 0, "holes run the other way");
    assertEquals(12.0, polygon.area());
  }

  @Test
  void twoIslandsAreTwoPolygonsInReadingOrder() {
    BinaryMask mask =
        Masks.picture(
            ".......",
            "....##.",
            "##..##.",
            "##.....",
            "##.....");
    List<Polygon> polygons = ContourTracer.trace(mask);
    assertEquals(2, polygons.size());
    assertArrayEquals(new double[] {4, 1, 6, 1, 6, 3, 4, 3}, polygons.get(0).exterior().xy());
    assertArrayEquals(new double[] {0, 2, 2, 2, 2, 5, 0, 5}, polygons.get(1).exterior().xy());
    assertTrue(polygons.stream().allMatch(p -> p.holes().isEmpty()));
  }

  @Test
  void pixelsTouchingAtACornerAreSeparatePolygons() {
    BinaryMask mask = Masks.picture("#..", ".#.", "..#");
    List<Polygon> polygons = ContourTracer.trace(mask);
    assertEquals(3, polygons.size());
    for (Polygon polygon : polygons) {
      assertEquals(1.0, polygon.area());
      assertEquals(4, polygon.exterior().size());
    }
  }

  @Test
  void islandInsideAHoleIsItsOwnPolygon() {
    BinaryMask mask =
        Masks.picture(
            "#####",
            "#...#",
            "#.#.#",
            "#...#",
            "#####");
    List<Polygon> polygons = ContourTracer.trace(mask);
    assertEquals(2, polygons.size());
    assertEquals(25 - 9, polygons.get(0).area());
    assertEquals(1, polygons.get(0).holes().size());
    assertEquals(1.0, polygons.get(1).area());
    assertTrue(polygons.get(1).holes().isEmpty());
  }

  @Test
  void emptyMaskHasNoPolygons() {
    assertEquals(List.of(), ContourTracer.trace(BinaryMask.empty(7, 5)));
  }

  @Test
  void fullMaskIsOneRectangle() {
    List<Polygon> polygons = ContourTracer.trace(Masks.picture("###", "###"));
    assertEquals(1, polygons.size());
    assertArrayEquals(new double[] {0, 0, 3, 0, 3, 2, 0, 2}, polygons.getFirst().exterior().xy());
  }

  @Test
  void rasterisingTracedPolygonsGivesTheMaskBack() {
    for (long seed = 1; seed <= 12; seed++) {
      // Unsmoothed noise is full of saddles; smoothed noise has large blobs with holes.
      int smoothing = (int) (seed % 4);
      BinaryMask mask = Masks.blobs(seed, 53, 41, 0.5, smoothing);
      List<Polygon> polygons = ContourTracer.trace(mask);
      BinaryMask back = PolygonRasterizer.rasterize(polygons, mask.width(), mask.height());
      assertEquals(mask, back, "seed " + seed);
      byte[] bits = mask.toBytes();
      ConnectedComponents pieces = ConnectedComponents.label(
          bits, mask.width(), mask.height(), 1, ConnectedComponents.Connectivity.FOUR);
      assertEquals(pieces.count(), polygons.size(), "one polygon per 4-connected piece, seed " + seed);
      ConnectedComponents background = ConnectedComponents.label(
          bits, mask.width(), mask.height(), 0, ConnectedComponents.Connectivity.EIGHT);
      long enclosed = 0;
      for (int label = 1; label <= background.count(); label++) {
        enclosed += background.touchesBorder()[label] ? 0 : 1;
      }
      assertEquals(enclosed, polygons.stream().mapToLong(p -> p.holes().size()).sum(),
          "one hole per enclosed background region, seed " + seed);
      double area = polygons.stream().mapToDouble(Polygon::area).sum();
      assertEquals(mask.count(), area, 1e-9, "polygon area equals pixel count, seed " + seed);
    }
  }
}
