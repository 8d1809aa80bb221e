package org.mhim.viewer.mil.bench;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.Locale;
import org.mhim.viewer.mil.AggregatorKind;

/**
 * How a training step's time settles as the JIT compiles it: steps run back to back for the seconds
 * asked, and every block of {@value #BLOCK} steps prints its median and least wall time with the
 * time since the first step. Shows how long a benchmark must warm up before it times steady steps.
 *
 * <p>Arguments: aggregator, instances, seconds.
 */
public final class StepSeries {

  private static final int BLOCK = 40;

  private StepSeries() {}

  public static void main(String[] args) {
    AggregatorKind kind = AggregatorKind.parse(args[0]);
    int n = Integer.parseInt(args[1]);
    long seconds = Long.parseLong(args[2]);
    try (NDManager manager = NDManager.newBaseManager()) {
      TrainingStepBench.RandomBagStep step = TrainingStepBench.RandomBagStep.of(kind, n, manager);
      double[] block = new double[BLOCK];
      long start = System.nanoTime();
      for (int k = 0; System.nanoTime() - start < seconds * 1_000_000_000L; k++) {
        long t0 = System.nanoTime();
        step.run(k % 2);
        block[k % BLOCK] = (System.nanoTime() - t0) / 1e6;
        if (k % BLOCK == BLOCK - 1) {
          double[] sorted = block.clone();
          Arrays.sort(sorted);
          System.out.printf(Locale.ROOT, "%.1f s: steps %d-%d, median %.1f ms, least %.1f ms%n",
              (System.nanoTime() - start) / 1e9, k - BLOCK + 2, k + 1, sorted[BLOCK / 2], sorted[0]);
        }
      }
    }
  }
}
