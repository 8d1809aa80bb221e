package org.mhim.viewer.features;

import ai.djl.Device;
import ai.djl.modality.cv.util.NDImageUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.List;

/** Conversions between patch bytes, batch tensors and feature rows, shared by the encoders. */
public final class PatchBatches {

  private PatchBatches() {}

  /** Packs interleaved RGB patches of {@code side}² pixels into a uint8 {@code [B, side, side, 3]}. */
  public static NDArray fromRgb(NDManager manager, List<byte[]> patches, int side) {
    int bytesPerPatch = side * side * 3;
    ByteBuffer buffer = manager.allocateDirect(patches.size() * bytesPerPatch);
    for (byte[] patch : patches) {
      if (patch.length != bytesPerPatch) {
        throw new IllegalArgumentException(
            "a " + side + "×" + side + " RGB patch has " + bytesPerPatch + " bytes, not " + patch.length);
      }
      buffer.put(patch);
    }
    buffer.rewind();
    return manager.create(buffer, new Shape(patches.size(), side, side, 3), DataType.UINT8);
  }

  /**
   * Brings a batch (uint8 {@code [B, H, W, 3]} or float32 {@code [B, 3, H, W]} in 0..1) to
   * float32 {@code [B, 3, size, size]} in 0..1 on {@code device}, resizing bilinearly when the
   * patches have another size.
   */
  public static NDArray toFloatNchw(NDArray batch, int size, Device device) {
    Shape shape = batch.getShape();
    if (shape.dimension() != 4) {
      throw new IllegalArgumentException("a patch batch has four dimensions, not " + shape);
    }
    NDArray x;
    if (batch.getDataType() == DataType.UINT8) {
      if (shape.get(3) != 3) {
        throw new IllegalArgumentException("a uint8 batch is [B, H, W, 3], not " + shape);
      }
      x = batch.toDevice(device, false).toType(DataType.FLOAT32, false).div(255f).transpose(0, 3, 1, 2);
    } else {
      if (shape.get(1) != 3) {
        throw new IllegalArgumentException("a float batch is [B, 3, H, W], not " + shape);
      }
      x = batch.toDevice(device, false).toType(DataType.FLOAT32, false);
    }
    if (x.getShape().get(2) != size || x.getShape().get(3) != size) {
      // NDImageUtils resizes channel-last images; go there and back.
      NDArray nhwc = x.transpose(0, 2, 3, 1);
      x = NDImageUtils.resize(nhwc, size, size).transpose(0, 3, 1, 2);
    }
    return x;
  }

  /** Copies a float {@code [B, D]} array to Java rows. */
  public static float[][] toRows(NDArray features) {
    Shape shape = features.getShape();
    int rows = Math.toIntExact(shape.get(0));
    int dim = Math.toIntExact(shape.get(1));
    float[] flat = features.toType(DataType.FLOAT32, false).toFloatArray();
    float[][] out = new float[rows][dim];
    for (int i = 0; i < rows; i++) {
      System.arraycopy(flat, i * dim, out[i], 0, dim);
    }
    return out;
  }
}
