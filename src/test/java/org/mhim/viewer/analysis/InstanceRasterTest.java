package org.mhim.viewer.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The overlay rasteriser and the index under it: a pixel takes the colour of the last instance
 * whose rounded rectangle covers it, tiles cut anywhere agree with one big raster, and the index
 * finds exactly what a full scan finds.
 */
class InstanceRasterTest {

  /** Instances of mixed sizes at random places, some overlapping, a few tiny. */
  private static Instances scattered(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] x = new int[n];
    int[] y = new int[n];
    int[] w = new int[n];
    int[] h = new int[n];
    float[][] p = new float[n][];
    float[] score = new float[n];
    float[] attention = new float[n];
    int[] ranks = new int[n];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextInt(5000);
      y[i] = random.nextInt(4000);
      w[i] = random.nextInt(10) == 0 ? 1 + random.nextInt(4) : 64 + random.nextInt(256);
      h[i] = random.nextInt(10) == 0 ? 1 + random.nextInt(4) : 64 + random.nextInt(256);
      float v = (float) random.nextDouble();
      p[i] = new float[] {1 - v, v};
      score[i] = v;
      attention[i] = v / n;
      ranks[i] = HardInstances.NOT_HARD;
    }
    return new Instances(2, x, y, w, h, p, score, attention, ranks);
  }

  @Test
  void theIndexFindsWhatAFullScanFinds() {
    Instances instances = scattered(2000, 3);
    InstanceIndex index = new InstanceIndex(instances);
    SplittableRandom random = new SplittableRandom(4);
    for (int k = 0; k < 500; k++) {
      double px = random.nextDouble(-100, 5400);
      double py = random.nextDouble(-100, 4400);
      assertEquals(instances.instanceAt(px, py), index.instanceAt(px, py), "at " + px + ", " + py);
    }
    for (int k = 0; k < 100; k++) {
      double x0 = random.nextDouble(-100, 5000);
      double y0 = random.nextDouble(-100, 4000);
      double x1 = x0 + random.nextDouble(1, 900);
      double y1 = y0 + random.nextDouble(1, 900);
      int[] expected = IntStream.range(0, instances.size())
          .filter(i -> instances.x(i) < x1 && instances.y(i) < y1
              && instances.x(i) + instances.width(i) > x0 && instances.y(i) + instances.height(i) > y0)
          .toArray();
      assertArrayEquals(expected, index.within(x0, y0, x1, y1));
    }
  }

  @Test
  void eachPixelHasTheColourOfTheLastInstanceCoveringIt() {
    // Two patches side by side and one on top of both: exact edges at downsample 4.
    Instances instances = new Instances(1, new int[] {0, 256, 128}, new int[] {0, 0, 64}, new int[] {256, 256, 256},
        new int[] {256, 256, 64}, new float[][] {{0}, {0}, {0}}, new float[3], new float[3], new int[] {-1, -1, -1});
    int[] colors = {0xFF0000FF, 0xFF00FF00, 0x80FF0000};
    InstanceRaster raster = new InstanceRaster(new InstanceIndex(instances));
    int[] tile = raster.render(colors, 0, 0, 4, 160, 80);
    assertEquals(0xFF0000FF, tile[10 * 160 + 10]);
    assertEquals(0xFF00FF00, tile[10 * 160 + 100]);
    assertEquals(0xFF00FF00, tile[10 * 160 + 64], "the first pixel of the second patch");
    assertEquals(0xFF0000FF, tile[10 * 160 + 63], "the last pixel of the first patch");
    assertEquals(0x80800000, tile[20 * 160 + 40], "the half-transparent patch on top, premultiplied");
    assertEquals(0x80800000, tile[16 * 160 + 32]);
    assertEquals(0xFF0000FF, tile[15 * 160 + 32], "above the top patch");
    assertEquals(0, tile[70 * 160 + 10], "below every patch");
    assertEquals(0, tile[10 * 160 + 150], "right of every patch");
    // Transparent colours leave the patch out.
    int[] none = raster.render(new int[] {0, 0, 0}, 0, 0, 4, 160, 80);
    assertArrayEquals(new int[160 * 80], none);
    assertThrows(IllegalArgumentException.class, () -> raster.render(new int[2], 0, 0, 4, 10, 10));

    // A patch smaller than a pixel still gets one.
    Instances tiny = new Instances(1, new int[] {41}, new int[] {17}, new int[] {2}, new int[] {2},
        new float[][] {{0}}, new float[1], new float[1], new int[] {-1});
    int[] dot = new InstanceRaster(new InstanceIndex(tiny)).render(new int[] {0xFF123456}, 0, 0, 16, 8, 8);
    assertEquals(0xFF123456, dot[1 * 8 + 3]);
    assertEquals(1, Arrays.stream(dot).filter(v -> v != 0).count());
  }

  @Test
  void tilesCutAnywhereAgreeWithOneRaster() {
    Instances instances = scattered(600, 5);
    InstanceRaster raster = new InstanceRaster(new InstanceIndex(instances));
    int[] colors = ColorScale.defaults().withOpacity(1).colors(instances.probabilities(1));
    double d = 8;
    int width = 700;
    int height = 540;
    int[] whole = raster.render(colors, 0, 0, d, width, height);
    int tile = 128;
    for (int ty = 0; ty < height; ty += tile) {
      for (int tx = 0; tx < width; tx += tile) {
        int w = Math.min(tile, width - tx);
        int h = Math.min(tile, height - ty);
        int[] part = raster.render(colors, tx * d, ty * d, d, w, h);
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            assertEquals(whole[(ty + y) * width + tx + x], part[y * w + x], "pixel " + (tx + x) + ", " + (ty + y));
          }
        }
      }
    }
  }
}
