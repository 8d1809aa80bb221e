package org.mhim.viewer.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StainTextureEncoderTest {

  private static final int S = StainTextureEncoder.INPUT_SIZE;
  private static final List<String> NAMES = StainTextureEncoder.featureNames();
  private static StainTextureEncoder encoder;

  @BeforeAll
  static void open() {
    encoder = new StainTextureEncoder(Device.cpu());
  }

  @AfterAll
  static void close() {
    encoder.close();
  }

  /** Renders stain concentrations to RGB the way the deconvolution assumes (Beer–Lambert). */
  private static byte[] render(float[][] hematoxylin, float eosin) {
    double[] h = unit(0.650, 0.704, 0.286);
    double[] e = unit(0.072, 0.990, 0.105);
    byte[] rgb = new byte[S * S * 3];
    for (int y = 0; y < S; y++) {
      for (int x = 0; x < S; x++) {
        for (int c = 0; c < 3; c++) {
          double od = hematoxylin[y][x] * h[c] + eosin * e[c];
          long v = Math.round(256 * Math.exp(-od) - 1);
          rgb[(y * S + x) * 3 + c] = (byte) Math.max(0, Math.min(255, v));
        }
      }
    }
    return rgb;
  }

  private static double[] unit(double a, double b, double c) {
    double n = Math.sqrt(a * a + b * b + c * c);
    return new double[] {a / n, b / n, c / n};
  }

  /** Background haematoxylin 0.1 with {@code count} round nuclei of the given radius and darkness. */
  private static float[][] nuclei(int count, double radius, float darkness, long seed) {
    float[][] h = new float[S][S];
    for (float[] row : h) {
      Arrays.fill(row, 0.1f);
    }
    Random random = new Random(seed);
    for (int n = 0; n < count; n++) {
      double cx = random.nextDouble() * S;
      double cy = random.nextDouble() * S;
      for (int y = 0; y < S; y++) {
        for (int x = 0; x < S; x++) {
          if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius) {
            h[y][x] = darkness;
          }
        }
      }
    }
    return h;
  }

  private static float feature(float[] row, String name) {
    int index = NAMES.indexOf(name);
    assertTrue(index >= 0, name);
    return row[index];
  }

  @Test
  void dimensionMatchesTheNamesAndTheSpec() {
    float[][] out = encoder.encode(List.of(render(nuclei(10, 4, 0.8f, 1), 0.3f)), S);
    assertEquals(NAMES.size(), encoder.outputDim());
    assertEquals(NAMES.size(), out[0].length);
    assertEquals(NAMES.size(), NAMES.stream().distinct().count(), "feature names are unique");
    assertEquals("stain-texture-v1", encoder.id());
  }

  @Test
  void deconvolutionRecoversTheStainsOfAFlatPatch() {
    float[][] flat = nuclei(0, 0, 0, 0);
    for (float[] row : flat) {
      Arrays.fill(row, 0.5f);
    }
    float[] f = encoder.encode(List.of(render(flat, 0.3f)), S)[0];
    assertEquals(0.5, feature(f, "H_mean"), 0.02);
    assertEquals(0.3, feature(f, "E_mean"), 0.02);
    assertEquals(0.0, feature(f, "residual_mean"), 0.02);
    assertEquals(0.0, feature(f, "H_blobs_sigma2_per_kpx"), 1e-6);
  }

  @Test
  void moreLargerDarkerNucleiRaiseHaematoxylinAndBlobDensity() {
    float[][] out =
        encoder.encode(
            List.of(render(nuclei(40, 3, 0.5f, 2), 0.4f), render(nuclei(160, 5, 0.9f, 3), 0.4f)), S);
    float[] normal = out[0];
    float[] tumour = out[1];
    for (String name : List.of("H_mean", "H_q90_s0", "H_LoG_sigma4_pos_mean", "H_area_gt0.3")) {
      assertTrue(feature(tumour, name) > feature(normal, name), name + ": " + feature(tumour, name) + " vs " + feature(normal, name));
    }
    assertTrue(feature(normal, "H_blobs_sigma2_per_kpx") > 0);
  }

  @Test
  void isDeterministic() {
    byte[] patch = render(nuclei(50, 4, 0.7f, 4), 0.3f);
    float[][] a = encoder.encode(List.of(patch, patch), S);
    float[][] b = encoder.encode(List.of(patch), S);
    assertArrayEquals(a[0], b[0]);
    assertArrayEquals(a[0], a[1]);
  }

  @Test
  void resizesOtherPatchSizes() {
    int side = 128;
    byte[] small = new byte[side * side * 3];
    Arrays.fill(small, (byte) 200);
    float[][] out = encoder.encode(List.of(small), side);
    assertEquals(NAMES.size(), out[0].length);
  }
}
