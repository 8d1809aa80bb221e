package org.mhim.viewer.tissue;

import java.util.Random;

/** Builds small masks for tests from pictures: '#' is a set pixel, anything else is not. */
final class Masks {

  private Masks() {}

  static BinaryMask picture(String... rows) {
    int height = rows.length;
    int width = rows[0].length();
    byte[] bits = new byte[width * height];
    for (int y = 0; y < height; y++) {
      if (rows[y].length() != width) {
        throw new IllegalArgumentException("row " + y + " is not " + width + " wide");
      }
      for (int x = 0; x < width; x++) {
        bits[y * width + x] = rows[y].charAt(x) == '#' ? (byte) 1 : 0;
      }
    }
    return BinaryMask.of(width, height, bits);
  }

  /** Random blobs: noise smoothed by majority votes, so there are islands, holes and saddles. */
  static BinaryMask blobs(long seed, int width, int height, double density, int smoothing) {
    Random random = new Random(seed);
    byte[] bits = new byte[width * height];
    for (int i = 0; i < bits.length; i++) {
      bits[i] = random.nextDouble() < density ? (byte) 1 : 0;
    }
    for (int round = 0; round < smoothing; round++) {
      byte[] next = new byte[bits.length];
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          int votes = 0;
          for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
              int nx = x + dx;
              int ny = y + dy;
              if (nx >= 0 && ny >= 0 && nx < width && ny < height) {
                votes += bits[ny * width + nx];
              }
            }
          }
          next[y * width + x] = votes >= 5 ? (byte) 1 : 0;
        }
      }
      bits = next;
    }
    return BinaryMask.of(width, height, bits);
  }
}
