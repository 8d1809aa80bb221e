package org.mhim.viewer.mil.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.mhim.viewer.mil.ActivationKind;
import org.mhim.viewer.mil.AdamOptimizer;
import org.mhim.viewer.mil.AggregatorKind;
import org.mhim.viewer.mil.MhimConfig;
import org.mhim.viewer.mil.MhimNetwork;
import org.mhim.viewer.mil.MhimTrainingStep;
import org.mhim.viewer.mil.SeededStepRandomness;
import org.mhim.viewer.mil.StepControls;
import org.mhim.viewer.mil.StepResult;
import org.mhim.viewer.mil.TrainingNetworks;

/**
 * Times one MHIM training step (teacher pass, masking, recycling, student forward and backward,
 * EMA, Adam) on random bags of dimension 1024 with mlp_dim 512, the reference recipe's settings
 * (mask_ratio_h 0.03, merge_ratio 0.8, merge_k 1, dropout 0.25). Prints one JSON line per
 * aggregator and size: median wall and process-CPU time of the timed steps ({@link Sampling}),
 * and the reference PyTorch wall time issue 4 gives for this machine. {@code bench/training-step.sh}
 * puts these beside a PyTorch baseline measured in the same run.
 *
 * <p>Arguments: optional sizes and aggregators, e.g. {@code 1000,10000,50000 abmil,transmil,dsmil}.
 */
public final class TrainingStepBench {

  /** Process CPU time: what a step costs when the machine is shared and wall time mostly waits. */
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private TrainingStepBench() {}

  /** Reference PyTorch 1.13 training step on this machine (2 threads), ms, from issue 4. */
  private static double referenceMs(AggregatorKind kind, int n) {
    double[] times =
        switch (kind) {
          case ABMIL -> new double[] {85, 612, 4006};
          case TRANSMIL -> new double[] {1953, 5729, 30899};
          case DSMIL -> new double[] {177, 666, 3751};
        };
    return switch (n) {
      case 1_000 -> times[0];
      case 10_000 -> times[1];
      case 50_000 -> times[2];
      default -> Double.NaN;
    };
  }

  /** The reference recipe's settings on 1024-d features projected to 512, as issue 4 times them. */
  static MhimConfig config(AggregatorKind kind) {
    return new MhimConfig(kind, 1024, 512, List.of("0", "1"), ActivationKind.RELU, ActivationKind.GELU, 8, 0.25f, 0.1f,
        0.03, 1.0, true, 1, 0.9999, 0.8, 0.1, 0.5, 0.9997);
  }

  /** A fresh student and teacher on one manager, and the step that trains them. */
  record Networks(MhimNetwork student, MhimNetwork teacher, MhimTrainingStep step) {
    static Networks fresh(MhimConfig config, NDManager manager) {
      Shape input = new Shape(1, config.inputDim());
      MhimNetwork student = TrainingNetworks.create(config);
      student.initialize(manager, DataType.FLOAT32, input);
      MhimNetwork teacher = TrainingNetworks.create(config);
      teacher.initialize(manager, DataType.FLOAT32, input);
      MhimTrainingStep step =
          MhimTrainingStep.builder().setStudent(student).setTeacher(teacher).setManager(manager).optConfig(config)
              // The optimizer the training loop (train.Trainer) uses, not DJL's default Adam.
              .optOptimizer(new AdamOptimizer(1e-5f))
              .build();
      return new Networks(student, teacher, step);
    }
  }

  /**
   * A fresh step of {@code kind} (see {@link #config}) on a random bag of {@code n} instances, with
   * the seeded randomness and the controls every training-step bench uses.
   */
  record RandomBagStep(Networks networks, NDArray bag, SeededStepRandomness randomness, StepControls controls) {
    static RandomBagStep of(AggregatorKind kind, int n, NDManager manager) {
      return new RandomBagStep(Networks.fresh(config(kind), manager), manager.randomNormal(new Shape(n, 1024)),
          new SeededStepRandomness(n), new StepControls(2e-4, 0.03, 0.9997));
    }

    /** One step with {@code label}. */
    StepResult run(int label) {
      return networks.step().step(bag, label, controls, randomness);
    }
  }

  public static void main(String[] args) {
    int[] sizes = args.length > 0
        ? Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray()
        : new int[] {1_000, 10_000, 50_000};
    List<AggregatorKind> kinds = new ArrayList<>();
    for (String k : (args.length > 1 ? args[1] : "abmil,transmil,dsmil").split(",")) {
      kinds.add(AggregatorKind.parse(k));
    }
    for (AggregatorKind kind : kinds) {
      for (int n : sizes) {
        run(kind, n);
      }
    }
  }

  private static void run(AggregatorKind kind, int n) {
    try (NDManager manager = NDManager.newBaseManager()) {
      RandomBagStep step = RandomBagStep.of(kind, n, manager);
      Sampling.Samples samples = Sampling.of(5, i -> {
        StepResult r = step.run(i % 2);
        if (!Double.isFinite(r.totalLoss())) {
          throw new IllegalStateException("non-finite loss in the benchmark");
        }
      });
      double wall = samples.wallMs();
      double cpuMs = samples.cpuMs();
      double reference = referenceMs(kind, n);
      System.out.printf(Locale.ROOT,
          "{\"aggregator\": \"%s\", \"instances\": %d, \"wall_ms\": %.1f, \"cpu_ms\": %.1f, \"steps\": %d,"
              + " \"issue_reference_ms\": %.0f}%n",
          kind.referenceName(), n, wall, cpuMs, samples.runs(), reference);
      System.out.flush();
    }
  }

}
