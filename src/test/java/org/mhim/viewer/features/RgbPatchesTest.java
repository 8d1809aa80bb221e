package org.mhim.viewer.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mhim.viewer.slide.ArgbImage;

class RgbPatchesTest {

  @Test
  void compositesPremultipliedPixelsOverWhite() {
    int opaqueRed = 0xffff0000;
    int transparent = 0;
    int halfBlue = 0x80000080; // 50% alpha, premultiplied blue 128
    byte[] rgb = RgbPatches.rgbOverWhite(new ArgbImage(3, 1, new int[] {opaqueRed, transparent, halfBlue}));
    assertArrayEquals(new byte[] {(byte) 255, 0, 0, (byte) 255, (byte) 255, (byte) 255, 127, 127, (byte) 255}, rgb);
  }

  @Test
  void shrinkingAveragesAreas() {
    // 4×4 checkerboard of 2×2 blocks, shrunk to 2×2: each output pixel is one block.
    byte[] rgb = new byte[4 * 4 * 3];
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        byte v = (byte) (((x / 2) + (y / 2)) % 2 == 0 ? 200 : 40);
        for (int c = 0; c < 3; c++) {
          rgb[(y * 4 + x) * 3 + c] = v;
        }
      }
    }
    byte[] small = RgbPatches.resize(rgb, 4, 2);
    assertEquals(200, small[0] & 0xff);
    assertEquals(40, small[3] & 0xff);
    // A non-integer factor keeps the mean.
    byte[] odd = RgbPatches.resize(rgb, 4, 3);
    double mean = 0;
    for (byte b : odd) {
      mean += b & 0xff;
    }
    assertEquals(120, mean / odd.length, 2);
  }

  @Test
  void enlargingKeepsFlatColour() {
    byte[] rgb = new byte[2 * 2 * 3];
    java.util.Arrays.fill(rgb, (byte) 77);
    byte[] big = RgbPatches.resize(rgb, 2, 5);
    for (byte b : big) {
      assertEquals(77, b & 0xff);
    }
  }

  @Test
  void shrinkingMatchesTheAreaIntegralAtAnyFactor() {
    java.util.Random random = new java.util.Random(5);
    for (int[] sizes : new int[][] {{256, 224}, {512, 224}, {507, 256}, {97, 31}}) {
      int from = sizes[0];
      int to = sizes[1];
      byte[] rgb = new byte[from * from * 3];
      random.nextBytes(rgb);
      byte[] small = RgbPatches.resize(rgb, from, to);
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
}
