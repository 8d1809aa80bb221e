package org.mhim.viewer.mil.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.mhim.viewer.features.NoGradient;
import org.mhim.viewer.mil.AggregatorKind;
import org.mhim.viewer.mil.MhimNetwork;

/**
 * Where a TransMIL training step spends its time: the teacher pass alone and the whole step, timed
 * (minimum wall and process CPU over repetitions), then one step under libtorch's profiler, whose
 * trace ({@code bench/profile_summary.py} sums it per operator) goes to the file named. Run through
 * {@code bench/transmil-step-profile.sh}.
 *
 * <p>Arguments: instances, repetitions, optional trace file.
 */
public final class TransmilStepProfile {

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private TransmilStepProfile() {}

  public static void main(String[] args) {
    int n = Integer.parseInt(args[0]);
    int reps = Integer.parseInt(args[1]);
    String trace = args.length > 2 ? args[2] : null;
    try (NDManager manager = NDManager.newBaseManager()) {
      TrainingStepBench.RandomBagStep step = TrainingStepBench.RandomBagStep.of(AggregatorKind.TRANSMIL, n, manager);
      MhimNetwork teacher = step.networks().teacher();
      NDArray bag = step.bag();
      ParameterStore ps = new ParameterStore(manager, false);
      step.run(1);
      double tWall = Double.MAX_VALUE, tCpu = Double.MAX_VALUE, sWall = Double.MAX_VALUE, sCpu = Double.MAX_VALUE;
      for (int r = 0; r < reps; r++) {
        long c0 = OS.getProcessCpuTime();
        long t0 = System.nanoTime();
        try (NoGradient _ = NoGradient.enter(); NDScope scope = new NDScope()) {
          scope.suppressNotUsedWarning();
          teacher.teacher(ps, bag, true).scores().toFloatArray();
        }
        tWall = Math.min(tWall, (System.nanoTime() - t0) / 1e6);
        tCpu = Math.min(tCpu, (OS.getProcessCpuTime() - c0) / 1e6);
        c0 = OS.getProcessCpuTime();
        t0 = System.nanoTime();
        step.run(r % 2);
        sWall = Math.min(sWall, (System.nanoTime() - t0) / 1e6);
        sCpu = Math.min(sCpu, (OS.getProcessCpuTime() - c0) / 1e6);
      }
      if (reps > 0) {
        System.out.printf(Locale.ROOT,
            "{\"instances\": %d, \"teacher_wall_ms\": %.1f, \"teacher_cpu_ms\": %.1f, \"step_wall_ms\": %.1f, \"step_cpu_ms\": %.1f}%n",
            n, tWall, tCpu, sWall, sCpu);
      }
      if (trace != null) {
        JniUtils.startProfile(false, true, false);
        step.run(1);
        JniUtils.stopProfile(trace);
      }
    }
  }
}
