package org.mhim.viewer.features;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Turns a batch of RGB patches into feature vectors on a DJL device. Implementations own native
 * memory (weights, kernels) and must be closed. {@link #encode(NDArray)} may be called from one
 * thread at a time per encoder; the extraction pipeline does so from its single encoder thread.
 */
public interface PatchEncoder extends AutoCloseable {

  /** What the encoder is and expects. */
  EncoderSpec spec();

  /** The device the encoder computes on. */
  Device device();

  default String id() {
    return spec().id();
  }

  default int inputSize() {
    return spec().inputSize();
  }

  default Normalisation normalisation() {
    return spec().normalisation();
  }

  default int outputDim() {
    return spec().outputDim();
  }

  default OptionalDouble magnification() {
    return spec().magnification();
  }

  /**
   * Encodes a batch. {@code batch} is either uint8 {@code [B, H, W, 3]} (RGB, 0..255, as read from
   * a slide) or float32 {@code [B, 3, H, W]} (RGB in 0..1, before normalisation), on any device;
   * patches of another size than {@link #inputSize()} are resized bilinearly.
   *
   * @return float32 {@code [B, outputDim]} on {@link #device()}, attached to {@code batch}'s manager
   */
  NDArray encode(NDArray batch);

  /**
   * Encodes patches given as interleaved RGB bytes ({@code side × side × 3} each, row-major).
   *
   * @return one feature vector per patch
   */
  default float[][] encode(List<byte[]> rgbPatches, int side) {
    try (NDManager manager = NDManager.newBaseManager(device())) {
      NDArray batch = PatchBatches.fromRgb(manager, rgbPatches, side); // [B, side, side, 3] uint8
      NDArray features = encode(batch); // [B, D]
      return PatchBatches.toRows(features);
    }
  }

  @Override
  void close();
}
