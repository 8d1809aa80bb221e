package org.mhim.viewer.mil;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.mhim.viewer.features.NoGradient;

/**
 * The projection (Linear 1024 → 512 + ReLU) of one block of rows through libtorch and through
 * {@link BlasProjection}, calls alternating: min and median wall and process-CPU ms of each, and
 * the largest difference. Arguments: rows (default 8192), repetitions (default 15). Threads follow
 * {@code -Dai.djl.pytorch.num_threads}. A main class for bench runs, not a test.
 */
public final class BlasProjectionBench {

  public static void main(String[] args) {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 8192;
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    int in = 1024;
    int out = 512;
    float[] features = new float[rows * in];
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < features.length; i++) {
      features[i] = (float) random.nextGaussian();
    }
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (NDManager manager = NDManager.newBaseManager();
        BlasProjection blas = BlasProjection.locate().orElseThrow(() -> new IllegalStateException("no OpenBLAS"));
        NoGradient _ = NoGradient.enter()) {
      InstanceProjection p = InstanceProjection.builder().setInputDim(in).setOutputDim(out).build();
      p.initialize(manager, DataType.FLOAT32, new Shape(1, in));
      ParameterStore ps = new ParameterStore(manager, false);
      NDArray x = manager.create(features, new Shape(rows, in));
      MemorySegment heap = MemorySegment.ofArray(features);
      double[][] torch = new double[2][reps];
      double[][] ours = new double[2][reps];
      float maxDiff = 0;
      for (int r = -2; r < reps; r++) {
        try (NDManager scope = manager.newSubManager()) {
          long c0 = os.getProcessCpuTime();
          long t0 = System.nanoTime();
          NDArray a = Blocks.apply(p, ps, x, false);
          a.toType(DataType.FLOAT32, false); // make sure it is computed
          long t1 = System.nanoTime();
          long c1 = os.getProcessCpuTime();
          NDArray b = p.forwardRows(blas, ps, heap, rows, scope, false);
          long t2 = System.nanoTime();
          long c2 = os.getProcessCpuTime();
          if (r >= 0) {
            torch[0][r] = (t1 - t0) / 1e6;
            torch[1][r] = (c1 - c0) / 1e6;
            ours[0][r] = (t2 - t1) / 1e6;
            ours[1][r] = (c2 - c1) / 1e6;
          } else {
            maxDiff = Math.max(maxDiff, a.sub(b).abs().max().getFloat());
          }
          a.close();
        }
      }
      double gflop = 2.0 * rows * in * out / 1e9;
      System.out.printf(Locale.ROOT, "rows %d, %d thread(s), max |difference| %.2e%n", rows, blas.threads(), maxDiff);
      print("libtorch", torch, gflop);
      print("openblas", ours, gflop);
    }
  }

  private static void print(String name, double[][] t, double gflop) {
    double[] wall = t[0].clone();
    double[] cpu = t[1].clone();
    Arrays.sort(wall);
    Arrays.sort(cpu);
    System.out.printf(
        Locale.ROOT, "%s: wall min %.1f median %.1f ms (%.0f GFLOP/s at min), CPU min %.0f median %.0f ms%n",
        name, wall[0], wall[wall.length / 2], gflop / wall[0] * 1e3, cpu[0], cpu[cpu.length / 2]);
  }
}
