package org.mhim.viewer.mil.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.mhim.viewer.mil.AggregatorKind;

/**
 * Where a training step of any aggregator spends its time: the minimum and median wall and process
 * CPU time of REPS steps after one warm-up step and the calling thread's least CPU time (with one
 * intra-op thread all the work runs on it: the work itself, unaffected by other processes' load), then optionally one more step under libtorch's
 * profiler, whose trace goes to the file named ({@code bench/profile_summary.py} sums it per
 * operator). For {@code perf record} runs: the steps run in one process, so a perf map at exit
 * names the JIT-compiled Java frames.
 *
 * <p>Arguments: aggregator, instances, repetitions, optional trace file.
 */
public final class StepProfile {

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private StepProfile() {}

  /** The process's minor page faults so far (Linux; 0 elsewhere): first touches of fresh memory. */
  private static long minorFaults() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[7]); // field 10 of stat(5), counted after the command name
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  public static void main(String[] args) {
    AggregatorKind kind = AggregatorKind.parse(args[0]);
    int n = Integer.parseInt(args[1]);
    int reps = Integer.parseInt(args[2]);
    String trace = args.length > 3 ? args[3] : null;
    try (NDManager manager = NDManager.newBaseManager()) {
      TrainingStepBench.RandomBagStep step = TrainingStepBench.RandomBagStep.of(kind, n, manager);
      step.run(1);
      double[] wall = new double[reps];
      double[] cpu = new double[reps];
      double[] threadCpu = new double[reps];
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long faults0 = minorFaults();
      for (int r = 0; r < reps; r++) {
        long c0 = OS.getProcessCpuTime();
        long tc0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        step.run(r % 2);
        wall[r] = (System.nanoTime() - t0) / 1e6;
        cpu[r] = (OS.getProcessCpuTime() - c0) / 1e6;
        threadCpu[r] = (threads.getCurrentThreadCpuTime() - tc0) / 1e6;
      }
      long faults = reps > 0 ? (minorFaults() - faults0) / reps : 0;
      if (reps > 0) {
        Arrays.sort(wall);
        Arrays.sort(cpu);
        Arrays.sort(threadCpu);
        System.out.printf(Locale.ROOT,
            "{\"aggregator\": \"%s\", \"instances\": %d, \"wall_min_ms\": %.1f, \"wall_median_ms\": %.1f,"
                + " \"cpu_min_ms\": %.1f, \"cpu_median_ms\": %.1f, \"calling_thread_cpu_min_ms\": %.1f,"
                + " \"minor_faults_per_step\": %d}%n",
            kind.referenceName(), n, wall[0], wall[reps / 2], cpu[0], cpu[reps / 2], threadCpu[0], faults);
      }
      if (trace != null) {
        JniUtils.startProfile(false, true, false);
        step.run(1);
        JniUtils.stopProfile(trace);
      }
    }
  }
}
