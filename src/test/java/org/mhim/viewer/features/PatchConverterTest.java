package org.mhim.viewer.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mhim.viewer.slide.ArgbImage;

class PatchConverterTest {

  @Test
  void givesTheSameBytesAsConvertingThenAveragingInTwoSteps() {
    Random random = new Random(3);
    for (int[] sizes : new int[][] {{256, 224}, {512, 224}, {507, 256}, {97, 31}, {5, 4}}) {
      int from = sizes[0];
      int to = sizes[1];
      ArgbImage region = randomRegion(random, from);
      byte[] expected = Reference.shrink(RgbPatches.rgbOverWhite(region), from, to);
      PatchConverter converter = PatchConverter.of(from, to);
      assertArrayEquals(expected, converter.convert(region), from + " → " + to);
      // Its scratch buffers carry nothing over from one patch to the next.
      assertArrayEquals(expected, converter.convert(region), from + " → " + to + ", again");
    }
  }

  @Test
  void keepsTheSizeOrEnlargesLikeRgbPatches() {
    Random random = new Random(4);
    ArgbImage same = randomRegion(random, 64);
    assertArrayEquals(RgbPatches.rgbOverWhite(same), PatchConverter.of(64, 64).convert(same));
    ArgbImage small = randomRegion(random, 30);
    assertArrayEquals(
        RgbPatches.resize(RgbPatches.rgbOverWhite(small), 30, 47), PatchConverter.of(30, 47).convert(small));
  }

  @Test
  void refusesARegionOfAnotherSize() {
    ArgbImage region = randomRegion(new Random(5), 200);
    assertThrows(IllegalArgumentException.class, () -> PatchConverter.of(256, 224).convert(region));
  }

  /** Premultiplied ARGB, a quarter of it translucent (as at a scan's edge). */
  private static ArgbImage randomRegion(Random random, int side) {
    int[] pixels = new int[side * side];
    for (int i = 0; i < pixels.length; i++) {
      int a = random.nextInt(4) == 0 ? random.nextInt(256) : 255;
      pixels[i] = a << 24 | random.nextInt(a + 1) << 16 | random.nextInt(a + 1) << 8 | random.nextInt(a + 1);
    }
    return new ArgbImage(side, side, pixels);
  }

  /**
   * The readers' area averaging as it was written before PatchConverter: straightforward loops,
   * rows then columns. The converter must give the same bytes, so features do not change.
   */
  private static final class Reference {
    /**
     * Area averaging, done separably: rows first, then columns, each with a table of which source
     * pixels cover an output pixel and by how much (the same table for both axes, as patches are
     * square).
     */
    static byte[] shrink(byte[] rgb, int from, int to) {
      PatchConverter.Coverage cover = PatchConverter.Coverage.of(from, to);
      int width = to * 3;
      float[] rows = new float[from * width]; // each source row, averaged horizontally
      for (int sy = 0; sy < from; sy++) {
        int in = sy * from * 3;
        int out = sy * width;
        for (int ox = 0; ox < to; ox++) {
          float r = 0;
          float g = 0;
          float b = 0;
          for (int k = cover.first()[ox], w = cover.offset()[ox]; w < cover.offset()[ox + 1]; k++, w++) {
            float weight = cover.weight()[w];
            int s = in + 3 * k;
            r += weight * (rgb[s] & 0xff);
            g += weight * (rgb[s + 1] & 0xff);
            b += weight * (rgb[s + 2] & 0xff);
          }
          float span = cover.total()[ox];
          rows[out + 3 * ox] = r / span;
          rows[out + 3 * ox + 1] = g / span;
          rows[out + 3 * ox + 2] = b / span;
        }
      }
      byte[] result = new byte[to * width];
      float[] line = new float[width];
      for (int oy = 0; oy < to; oy++) {
        java.util.Arrays.fill(line, 0);
        for (int k = cover.first()[oy], w = cover.offset()[oy]; w < cover.offset()[oy + 1]; k++, w++) {
          float weight = cover.weight()[w];
          int row = k * width;
          for (int i = 0; i < width; i++) {
            line[i] += weight * rows[row + i];
          }
        }
        float span = cover.total()[oy];
        int out = oy * width;
        for (int i = 0; i < width; i++) {
          result[out + i] = (byte) Math.min(255, Math.round(line[i] / span));
        }
      }
      return result;
    }
  }
}
