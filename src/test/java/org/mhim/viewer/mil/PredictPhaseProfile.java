package org.mhim.viewer.mil;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.mhim.viewer.features.NoGradient;
import org.mhim.viewer.mil.bench.PredictBench;

/**
 * Where {@code MhimModel.predict} (student only) spends its time: the whole prediction beside the
 * projection alone and the projection plus the attention logits, in interleaved rounds; min and
 * median wall and process-CPU ms of each, and the calling thread's least CPU ms (with one
 * intra-op thread, the work itself). Arguments: aggregator id, instances, rounds. A main class for bench runs.
 */
public final class PredictPhaseProfile {

  public static void main(String[] args) throws Exception {
    AggregatorKind kind = AggregatorKind.parse(args[0]);
    int n = Integer.parseInt(args[1]);
    int rounds = Integer.parseInt(args[2]);
    SplittableRandom random = new SplittableRandom(n);
    float[] f = new float[n * 1024];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) (random.nextDouble() * 2 - 1);
    }
    Bag bag = new Bag(f, n, 1024);
    try (MhimModel model = PredictBench.fresh(kind)) {
      MhimNetwork net = model.student();
      BlasProjection blas = model.usesOpenBlas() ? BlasProjection.locate().orElseThrow() : null;
      Map<String, Runnable> phases = new LinkedHashMap<>();
      phases.put("predict", () -> model.predict(bag, false));
      phases.put("projection", () -> blocks(model, net, bag, blas, h -> {}));
      if (kind == AggregatorKind.ABMIL) {
        AbmilAggregator agg = (AbmilAggregator) net.aggregator();
        phases.put("projection+attention", () -> blocks(model, net, bag, blas, h -> {
          ParameterStore ps = new ParameterStore(h.getManager(), false);
          agg.attentionLogits(ps, h, false).toFloatArray();
        }));
      }
      com.sun.management.OperatingSystemMXBean os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      Map<String, double[]> wall = new LinkedHashMap<>();
      Map<String, double[]> cpu = new LinkedHashMap<>();
      Map<String, double[]> threadCpu = new LinkedHashMap<>();
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      phases.keySet().forEach(k -> threadCpu.put(k, new double[rounds]));
      phases.keySet().forEach(k -> wall.put(k, new double[rounds]));
      phases.keySet().forEach(k -> cpu.put(k, new double[rounds]));
      for (int r = -1; r < rounds; r++) {
        for (var e : phases.entrySet()) {
          long c0 = os.getProcessCpuTime();
          long tc0 = threads.getCurrentThreadCpuTime();
          long t0 = System.nanoTime();
          e.getValue().run();
          if (r >= 0) {
            wall.get(e.getKey())[r] = (System.nanoTime() - t0) / 1e6;
            cpu.get(e.getKey())[r] = (os.getProcessCpuTime() - c0) / 1e6;
            threadCpu.get(e.getKey())[r] = (threads.getCurrentThreadCpuTime() - tc0) / 1e6;
          }
        }
      }
      for (var e : wall.entrySet()) {
        double[] w = e.getValue().clone();
        double[] c = cpu.get(e.getKey()).clone();
        Arrays.sort(w);
        double[] tc = threadCpu.get(e.getKey()).clone();
        Arrays.sort(c);
        Arrays.sort(tc);
        System.out.printf(Locale.ROOT,
            "%s %d %-22s wall min %.1f median %.1f ms, CPU min %.0f median %.0f ms, calling thread CPU min %.1f ms%n",
            kind.id(), n, e.getKey(), w[0], w[rounds / 2], c[0], c[rounds / 2], tc[0]);
      }
      if (blas != null) {
        blas.close();
      }
    }
  }

  private static void blocks(MhimModel model, MhimNetwork net, Bag bag, BlasProjection blas, BlockSink sink) {
    try (NoGradient _ = NoGradient.enter(); NDManager scope = NDManager.newBaseManager()) {
      ParameterStore ps = new ParameterStore(scope, false);
      BlockwiseProjection.forEachBlock(scope, ps, bag, List.of(net), List.of(sink), BlockwiseProjection.BLOCK_FLOATS, blas);
    }
  }
}
