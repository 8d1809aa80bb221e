package org.mhim.viewer.tissue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Segmentation of a stain raster: threshold, clean-up, small pieces and holes. */
class TissueSegmenterTest {

  private static final int W = 200;
  private static final int H = 150;
  // 1 µm² per raster pixel keeps the area limits readable.
  private static final double PIXEL_AREA = 1.0;

  private final TissueDetectionSettings settings =
      TissueDetectionSettings.defaults().withMinTissueAreaUm2(100).withMaxFilledHoleAreaUm2(60);

  /** Glass at about 4 ± 3, tissue at about 70 ± 15, drawn where {@code truth} is set. */
  private static byte[] stain(BinaryMask truth, long seed) {
    Random random = new Random(seed);
    byte[] values = new byte[W * H];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        double v = truth.get(x, y) ? 70 + 15 * random.nextGaussian() : 4 + 3 * random.nextGaussian();
        values[y * W + x] = (byte) Math.clamp(Math.round(v), 0, 255);
      }
    }
    return values;
  }

  @Test
  void findsTissueDropsSpecksFillsSmallHolesKeepsLargeOnes() {
    Polygon withHoles =
        new Polygon(
            Ring.rectangle(20, 20, 80, 80),
            List.of(Ring.rectangle(30, 30, 6, 6), Ring.rectangle(50, 50, 30, 30)));
    Polygon blob = Polygon.of(Ring.rectangle(130, 40, 50, 60));
    Polygon speck = Polygon.of(Ring.rectangle(150, 130, 6, 6));
    BinaryMask truth = PolygonRasterizer.rasterize(List.of(withHoles, blob, speck), W, H);

    BinaryMask mask = TissueSegmenter.segment(stain(truth, 3), W, H, PIXEL_AREA, settings);

    assertTrue(mask.get(25, 25) && mask.get(150, 70), "both pieces of tissue found");
    assertTrue(mask.get(33, 33), "the 36-pixel hole is filled");
    assertFalse(mask.get(65, 65), "the 900-pixel hole stays");
    assertFalse(mask.get(153, 133), "the 36-pixel speck is dropped");
    BinaryMask expected =
        PolygonRasterizer.rasterize(
            List.of(Polygon.of(Ring.rectangle(20, 20, 80, 80)), blob), W, H);
    BinaryMask expectedWithHole =
        PolygonRasterizer.rasterize(
            List.of(new Polygon(Ring.rectangle(20, 20, 80, 80), List.of(Ring.rectangle(50, 50, 30, 30))), blob),
            W, H);
    assertTrue(mask.iou(expectedWithHole) > 0.97, "IoU " + mask.iou(expectedWithHole));
    assertTrue(mask.iou(expected) < mask.iou(expectedWithHole));

    List<Polygon> polygons = ContourTracer.trace(mask);
    assertEquals(2, polygons.size());
    assertEquals(1, polygons.getFirst().holes().size());
  }

  @Test
  void blankGlassHasNoTissue() {
    BinaryMask mask = TissueSegmenter.segment(stain(BinaryMask.empty(W, H), 9), W, H, PIXEL_AREA, settings);
    assertEquals(0, mask.count());
    assertEquals(List.of(), ContourTracer.trace(mask));
  }
}
