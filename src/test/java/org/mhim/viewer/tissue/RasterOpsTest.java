package org.mhim.viewer.tissue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Otsu, median filter and morphology on small rasters with known answers. */
class RasterOpsTest {

  @Test
  void otsuOnThreeValuedHistogram() {
    // Values 0 (×3), 4 (×2), 10 (×5). By hand, between-class variance × n² is
    // {0}|{4,10}: 3·7·(58/7)² ≈ 1441.7 and {0,4}|{10}: 5·5·(10 − 8/5)² = 1764, so the split
    // falls between 4 and 10; the lowest such threshold is 4.
    long[] histogram = new long[16];
    histogram[0] = 3;
    histogram[4] = 2;
    histogram[10] = 5;
    assertEquals(4, OtsuThreshold.of(histogram));
  }

  @Test
  void otsuSeparatesTwoClusters() {
    long[] histogram = new long[256];
    histogram[10] = 500;
    histogram[12] = 300;
    histogram[180] = 200;
    histogram[200] = 400;
    int t = OtsuThreshold.of(histogram);
    assertEquals(12, t, "the lowest threshold with the best split sits at the top of the low cluster");
  }

  @Test
  void otsuOfAFlatHistogramIsZero() {
    long[] histogram = new long[256];
    histogram[77] = 1000;
    assertEquals(0, OtsuThreshold.of(histogram));
  }

  @Test
  void medianMatchesSortingEveryWindow() {
    Random random = new Random(5);
    int width = 23;
    int height = 17;
    byte[] values = new byte[width * height];
    random.nextBytes(values);
    for (int size : new int[] {1, 3, 7}) {
      byte[] filtered = MedianFilter.apply(values, width, height, size);
      int r = size / 2;
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          int[] window = new int[size * size];
          int k = 0;
          for (int dy = -r; dy <= r; dy++) {
            for (int dx = -r; dx <= r; dx++) {
              int sx = Math.clamp(x + dx, 0, width - 1);
              int sy = Math.clamp(y + dy, 0, height - 1);
              window[k++] = values[sy * width + sx] & 0xFF;
            }
          }
          Arrays.sort(window);
          assertEquals(window[window.length / 2], filtered[y * width + x] & 0xFF, "size " + size + " at " + x + "," + y);
        }
      }
    }
  }

  @Test
  void openingRemovesSpecksAndKeepsLargeShapes() {
    BinaryMask mask =
        Masks.picture(
            "#.........",
            "..#####...",
            "..#####...",
            "..#####..#",
            "..#####...",
            "..#####...",
            "......#...");
    byte[] opened = Morphology.open(mask.toBytes(), mask.width(), mask.height(), 3);
    BinaryMask expected =
        Masks.picture(
            "..........",
            "..#####...",
            "..#####...",
            "..#####...",
            "..#####...",
            "..#####...",
            "..........");
    assertEquals(expected, BinaryMask.of(mask.width(), mask.height(), opened));
  }

  @Test
  void closingBridgesNarrowGapsAndKeepsEdgeTissue() {
    BinaryMask mask =
        Masks.picture(
            "####.####",
            "####.####",
            "####.####");
    byte[] closed = Morphology.close(mask.toBytes(), mask.width(), mask.height(), 3);
    assertEquals(Masks.picture("#########", "#########", "#########"),
        BinaryMask.of(mask.width(), mask.height(), closed));
  }

  @Test
  void evenElementsCloseAndOpenInPlace() {
    // Far enough from the border that the dilation does not reach it (the border is ignored).
    BinaryMask square = PolygonRasterizer.rasterize(List.of(Polygon.of(Ring.rectangle(3, 3, 4, 4))), 10, 10);
    byte[] bits = square.toBytes();
    assertArrayEquals(bits, Morphology.close(bits, 10, 10, 4));
    assertArrayEquals(bits, Morphology.open(bits, 10, 10, 4));
  }
}
