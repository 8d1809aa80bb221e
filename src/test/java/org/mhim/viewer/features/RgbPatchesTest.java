package org.mhim.viewer.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
