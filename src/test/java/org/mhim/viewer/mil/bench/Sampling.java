package org.mhim.viewer.mil.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * How the model benchmarks sample a timed call, the same rule as {@code bench/sampling.py} for the
 * PyTorch baselines: warm up for at least one call and {@link #WARM_UP_PROPERTY} seconds (1 by
 * default; the benchmark scripts ask for 10: the JIT compiles a training step's code only after
 * many calls, its compiler thread busy for seconds beside them on two cores), then time at least
 * the calls asked for (5 by default) and three seconds, at most {@link #MAX_RUNS} calls, stopping
 * after twenty seconds once one call is timed. On a machine whose speed drifts, a median of many
 * calls moves less than one of five.
 */
public final class Sampling {

  static final int MAX_RUNS = 41;
  /** System property: the least warm-up, in seconds (as bench/sampling.py's BENCH_WARMUP_S). */
  static final String WARM_UP_PROPERTY = "mhim.bench.warmup.s";

  private static final long WARM_UP_NANOS =
      (long) (Double.parseDouble(System.getProperty(WARM_UP_PROPERTY, "1")) * 1e9);
  private static final long TIMED_NANOS = 3_000_000_000L;
  private static final long BUDGET_NANOS = 20_000_000_000L;

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private Sampling() {}

  /** Median wall and process-CPU ms of the timed calls, and how many were timed. */
  public record Samples(double wallMs, double cpuMs, int runs) {}

  /**
   * Samples {@code call}, which gets the index of the call (warm-up calls count from 0 too), timing
   * at least {@code minRuns} calls unless the budget runs out.
   */
  public static Samples of(int minRuns, IntConsumer call) {
    long warmUpEnd = System.nanoTime() + WARM_UP_NANOS;
    int warmUps = 0;
    do {
      call.accept(warmUps++);
    } while (System.nanoTime() < warmUpEnd);
    double[] wall = new double[MAX_RUNS];
    double[] cpu = new double[MAX_RUNS];
    int runs = 0;
    long start = System.nanoTime();
    while (runs < MAX_RUNS) {
      long elapsed = System.nanoTime() - start;
      boolean enough = runs >= Math.min(minRuns, MAX_RUNS) && elapsed >= TIMED_NANOS;
      if (enough || (runs >= 1 && elapsed >= BUDGET_NANOS)) {
        break;
      }
      long c0 = OS.getProcessCpuTime();
      long t0 = System.nanoTime();
      call.accept(runs);
      wall[runs] = (System.nanoTime() - t0) / 1e6;
      cpu[runs] = (OS.getProcessCpuTime() - c0) / 1e6;
      runs++;
    }
    return new Samples(median(wall, runs), median(cpu, runs), runs);
  }

  private static double median(double[] values, int count) {
    double[] v = Arrays.copyOf(values, count);
    Arrays.sort(v);
    return count % 2 == 1 ? v[count / 2] : (v[count / 2 - 1] + v[count / 2]) / 2;
  }
}
