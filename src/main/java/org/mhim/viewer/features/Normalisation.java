package org.mhim.viewer.features;

import java.util.Arrays;

/**
 * Per-channel RGB normalisation an encoder expects: {@code (x - mean) / std} on values in 0..1.
 *
 * @param mean three channel means (R, G, B)
 * @param std three channel standard deviations (R, G, B), all positive
 */
public record Normalisation(float[] mean, float[] std) {

  /** ImageNet statistics, the usual choice of torchvision-trained encoders. */
  public static final Normalisation IMAGENET =
      new Normalisation(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

  /** No normalisation: values stay in 0..1. */
  public static final Normalisation NONE =
      new Normalisation(new float[] {0f, 0f, 0f}, new float[] {1f, 1f, 1f});

  public Normalisation {
    if (mean.length != 3 || std.length != 3) {
      throw new IllegalArgumentException("mean and std need three values (R, G, B)");
    }
    for (float s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("std must be positive, not " + s);
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Normalisation n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "Normalisation[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
  }
}
