package org.mhim.viewer.features;

/**
 * How many patches the encoder thread hands to the encoder at once, so one call takes about
 * {@link #TARGET_SECONDS}: a stop request waits for the call under way (libtorch cannot be
 * interrupted), so calls must be short. On a GPU, or with a light encoder, a whole batch takes
 * less than that and goes in one call; a heavy network on the CPU (ResNet-50 at a few patches a
 * second) gets a few patches per call, which costs it little since the CPU is busy on every
 * convolution anyway. Starts at one patch, then follows the measured time per patch. One per
 * extraction, used by its encoder thread only.
 */
final class EncoderSlices {

  /** Aimed duration of one encoder call. */
  static final double TARGET_SECONDS = 0.25;

  /** Weight of the newest measurement in the running per-patch time. */
  private static final double SMOOTHING = 0.5;

  private final int batchSize;
  private double secondsPerPatch = Double.NaN;

  EncoderSlices(int batchSize) {
    this.batchSize = batchSize;
  }

  /** Patches for the next call, 1 to the batch size. */
  int next() {
    if (Double.isNaN(secondsPerPatch)) {
      return 1;
    }
    double fit = TARGET_SECONDS / Math.max(secondsPerPatch, 1e-9);
    return (int) Math.max(1, Math.min(batchSize, Math.floor(fit)));
  }

  /** Records that a call of {@code patches} patches took {@code seconds}. */
  void took(int patches, double seconds) {
    double perPatch = seconds / patches;
    secondsPerPatch =
        Double.isNaN(secondsPerPatch) ? perPatch : SMOOTHING * perPatch + (1 - SMOOTHING) * secondsPerPatch;
  }
}
