package org.mhim.viewer.mil;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Feeds a bag held in Java memory to one or more networks' projections, a block of rows at a time,
 * through one reused native buffer. Handing the whole {@code float[]} to DJL would allocate (and
 * zero) a native copy of the entire bag, 200 MB at 50,000 × 1024, and fill it on one thread before
 * libtorch starts; block by block the copy stays small and cache-warm, and each block serves every
 * network (student and teacher) while it is in cache. The result is the same projection of the whole
 * bag: a Linear layer treats rows independently.
 */
final class BlockwiseProjection {

  /**
   * Input floats per block: 32 MiB, 8,192 rows of a 1024-d bag. Each block costs a dozen libtorch
   * calls, each a parallel region whose threads meet at a barrier; with 2,048-row blocks those
   * barriers cost more than the cache saved when the cores are shared (2 threads: 1.3–1.7× the CPU
   * time at 50,000 instances), with 8,192 rows they do not.
   */
  static final int BLOCK_FLOATS = 1 << 23;

  private BlockwiseProjection() {}

  /**
   * Projects {@code bag} block by block with each of {@code networks} (inference mode) and hands
   * each projected block {@code [rows, mlp_dim]}, in bag order, to that network's sink. A block's
   * arrays are closed after its sinks return: a sink keeps what it needs by attaching it elsewhere.
   * With {@code blas} (may be null) and a CPU manager the products run in OpenBLAS; autograd must
   * then be off.
   */
  static void forEachBlock(
      NDManager manager,
      ParameterStore ps,
      Bag bag,
      List<MhimNetwork> networks,
      List<? extends BlockSink> sinks,
      int blockFloats,
      BlasProjection blas) {
    int dim = bag.dim();
    int blockRows = Math.max(1, Math.min(bag.n(), blockFloats / dim));
    if (blas != null && Device.Type.CPU.equals(manager.getDevice().getDeviceType())) {
      // OpenBLAS reads the rows straight from the Java array: no native copy of the bag at all.
      MemorySegment features = MemorySegment.ofArray(bag.features());
      long rowBytes = (long) dim * Float.BYTES;
      for (int start = 0; start < bag.n(); start += blockRows) {
        int rows = Math.min(blockRows, bag.n() - start);
        MemorySegment x = features.asSlice(start * rowBytes, rows * rowBytes);
        try (NDManager block = manager.newSubManager()) {
          for (int i = 0; i < networks.size(); i++) {
            networks.get(i).projectInto(sinks.get(i), blas, ps, x, rows, block, false); // with its row products
          }
        }
      }
      return;
    }
    // One block buffer, freed on return (a direct ByteBuffer would wait for the garbage collector).
    try (Arena arena = Arena.ofConfined()) {
      ByteBuffer buffer =
          arena
              .allocate((long) blockRows * dim * Float.BYTES, 64)
              .asByteBuffer()
              .order(ByteOrder.nativeOrder());
      for (int start = 0; start < bag.n(); start += blockRows) {
        int rows = Math.min(blockRows, bag.n() - start);
        buffer.clear();
        buffer.asFloatBuffer().put(bag.features(), start * dim, rows * dim);
        buffer.limit(rows * dim * Float.BYTES);
        // The block array reads the buffer in place; it is closed before the buffer is refilled.
        try (NDManager block = manager.newSubManager()) {
          NDArray x = block.create(buffer, new Shape(rows, dim), DataType.FLOAT32); // [rows, dim]
          for (int i = 0; i < networks.size(); i++) {
            sinks.get(i).accept(networks.get(i).project(ps, x, false)); // [rows, mlp_dim]
          }
        }
      }
    }
  }
}
