package org.mhim.viewer.mil.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.mhim.viewer.mil.ActivationKind;
import org.mhim.viewer.mil.AggregatorKind;
import org.mhim.viewer.mil.Bag;
import org.mhim.viewer.mil.MhimConfig;
import org.mhim.viewer.mil.MhimModel;
import org.mhim.viewer.mil.MhimNetwork;
import org.mhim.viewer.mil.StateDicts;

/**
 * {@code MhimModel.predict} latency per aggregator and bag size (dim 1024 → mlp 512, 2 classes,
 * fresh weights). Prints the median of the timed calls ({@link Sampling}), student only and
 * student + teacher. Run through bench/predict.sh.
 *
 * <p>Arguments: sizes (comma separated, default 1000,10000,50000), least timed calls (default 5),
 * aggregators (comma separated ids, default all). Prints {@code id N student_wall_ms student_cpu_ms student+teacher_wall_ms}.
 */
public final class PredictBench {

  public static void main(String[] args) throws Exception {
    int[] sizes =
        Arrays.stream((args.length > 0 ? args[0] : "1000,10000,50000").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    List<String> only = List.of((args.length > 2 ? args[2] : "abmil,transmil,dsmil").split(","));
    for (AggregatorKind kind : AggregatorKind.values()) {
      if (!only.contains(kind.id())) {
        continue;
      }
      try (MhimModel model = fresh(kind)) {
        for (int n : sizes) {
          Bag bag = randomBag(n, 1024, n);
          Sampling.Samples student = Sampling.of(reps, i -> model.predict(bag, false));
          Sampling.Samples both = Sampling.of(reps, i -> model.predict(bag, true));
          System.out.printf(
              Locale.ROOT, "%s %d %.1f %.1f %.1f%n", kind.id(), n, student.wallMs(), student.cpuMs(), both.wallMs());
        }
      }
    }
  }

  public static MhimModel fresh(AggregatorKind kind) throws Exception {
    MhimConfig config =
        new MhimConfig(kind, 1024, 512, MhimConfig.defaultClassNames(2), ActivationKind.RELU,
            ActivationKind.GELU, 8, 0.25f, 0.1f, 0.03, 1.0, true, 1, 0.9999, 0.8, 0.1, 0.5, 0.9997);
    try (NDManager manager = NDManager.newBaseManager()) {
      MhimNetwork student = MhimNetwork.of(config);
      student.initialize(manager, DataType.FLOAT32, new Shape(1, 1024));
      MhimNetwork teacher = MhimNetwork.of(config);
      teacher.initialize(manager, DataType.FLOAT32, new Shape(1, 1024));
      return MhimModel.create(config, StateDicts.export(student), StateDicts.export(teacher), "fresh");
    }
  }

  static Bag randomBag(int n, int dim, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] f = new float[n * dim];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return new Bag(f, n, dim);
  }
}
