package org.mhim.viewer.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mhim.viewer.slide.ArgbImage;
import org.mhim.viewer.slide.SlideImage;

class PatchConverterTest {

  @Test
  void givesTheSameBytesAsConvertingThenAveragingInTwoSteps() {
    Random random = new Random(3);
    for (int[] sizes : new int[][] {{256, 224}, {512, 224}, {507, 256}, {97, 31}, {5, 4}}) {
      int from = sizes[0];
      int to = sizes[1];
      ArgbImage region = randomRegion(random, from);
      byte[] expected = Reference.shrink(SlideImage.toRgbOverWhite(region), from, to);
      PatchConverter converter = PatchConverter.of(from, to);
      assertArrayEquals(expected, converter.convert(region), from + " → " + to);
      // Its scratch buffers carry nothing over from one patch to the next.
      assertArrayEquals(expected, converter.convert(region), from + " → " + to + ", again");
    }
  }

  @Test
  void compositesPremultipliedPixelsOverWhite() {
    int opaqueRed = 0xffff0000;
    int transparent = 0;
    int halfBlue = 0x80000080; // 50% alpha, premultiplied blue 128
    byte[] rgb = SlideImage.toRgbOverWhite(new ArgbImage(3, 1, new int[] {opaqueRed, transparent, halfBlue}));
    assertArrayEquals(new byte[] {(byte) 255, 0, 0, (byte) 255, (byte) 255, (byte) 255, 127, 127, (byte) 255}, rgb);
  }

  @Test
  void keepsTheSizeAsRgbOverWhite() {
    ArgbImage same = randomRegion(new Random(4), 64);
    assertArrayEquals(SlideImage.toRgbOverWhite(same), PatchConverter.of(64, 64).convert(same));
  }

  @Test
  void shrinkingAveragesAreas() {
    // 4×4 checkerboard of 2×2 blocks, shrunk to 2×2: each output pixel is one block.
    int[] pixels = new int[16];
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        pixels[y * 4 + x] = grey(((x / 2) + (y / 2)) % 2 == 0 ? 200 : 40);
      }
    }
    ArgbImage board = new ArgbImage(4, 4, pixels);
    byte[] small = PatchConverter.of(4, 2).convert(board);
    assertEquals(200, small[0] & 0xff);
    assertEquals(40, small[3] & 0xff);
    // A non-integer factor keeps the mean.
    byte[] odd = PatchConverter.of(4, 3).convert(board);
    double mean = 0;
    for (byte b : odd) {
      mean += b & 0xff;
    }
    assertEquals(120, mean / odd.length, 2);
  }

  @Test
  void shrinkingMatchesTheAreaIntegralAtAnyFactor() {
    Random random = new Random(5);
    for (int[] sizes : new int[][] {{256, 224}, {512, 224}, {507, 256}, {97, 31}}) {
      int from = sizes[0];
      int to = sizes[1];
      ArgbImage region = randomRegion(random, from);
      byte[] rgb = SlideImage.toRgbOverWhite(region);
      byte[] small = PatchConverter.of(from, to).convert(region);
      double scale = (double) from / to;
      for (int oy = 0; oy < to; oy += 7) {
        for (int ox = 0; ox < to; ox += 5) {
          for (int c = 0; c < 3; c++) {
            // The mean over the output pixel's square [o·s, (o+1)·s)², pixel by pixel.
            double sum = 0;
            double area = 0;
            for (int sy = (int) (oy * scale); sy < Math.min(from, Math.ceil((oy + 1) * scale)); sy++) {
              double wy = Math.min((oy + 1) * scale, sy + 1) - Math.max(oy * scale, sy);
              for (int sx = (int) (ox * scale); sx < Math.min(from, Math.ceil((ox + 1) * scale)); sx++) {
                double wx = Math.min((ox + 1) * scale, sx + 1) - Math.max(ox * scale, sx);
                sum += wx * wy * (rgb[(sy * from + sx) * 3 + c] & 0xff);
                area += wx * wy;
              }
            }
            int expected = (int) Math.round(sum / area);
            int actual = small[(oy * to + ox) * 3 + c] & 0xff;
            assertTrue(Math.abs(expected - actual) <= 1,
                from + "→" + to + " at (" + ox + ", " + oy + ", " + c + "): " + actual + ", integral " + expected);
          }
        }
      }
    }
  }

  @Test
  void enlargesBilinearlyWithClampedEdges() {
    // 2×2 → 4×4, columns 0 and 200: source x = (o + 0.5)/2 − 0.5 clamped gives 0, 0.25, 0.75, 1.
    ArgbImage ramp = new ArgbImage(2, 2, new int[] {grey(0), grey(200), grey(0), grey(200)});
    byte[] big = PatchConverter.of(2, 4).convert(ramp);
    int[] expectedRow = {0, 50, 150, 200};
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        for (int c = 0; c < 3; c++) {
          assertEquals(expectedRow[x], big[(y * 4 + x) * 3 + c] & 0xff, "(" + x + ", " + y + ")");
        }
      }
    }
    ArgbImage flat = new ArgbImage(2, 2, new int[] {grey(77), grey(77), grey(77), grey(77)});
    for (byte b : PatchConverter.of(2, 5).convert(flat)) {
      assertEquals(77, b & 0xff);
    }
  }

  @Test
  void refusesARegionOfAnotherSize() {
    ArgbImage region = randomRegion(new Random(5), 200);
    assertThrows(IllegalArgumentException.class, () -> PatchConverter.of(256, 224).convert(region));
  }

  private static int grey(int v) {
    return 0xff000000 | v << 16 | v << 8 | v;
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
        Arrays.fill(line, 0);
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
