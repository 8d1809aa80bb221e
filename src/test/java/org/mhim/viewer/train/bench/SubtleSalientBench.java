package org.mhim.viewer.train.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.mhim.viewer.features.FeatureBag;
import org.mhim.viewer.mil.AggregatorKind;
import org.mhim.viewer.mil.MhimModel;
import org.mhim.viewer.mil.ModelBundle;
import org.mhim.viewer.mil.WeightsChoice;
import org.mhim.viewer.train.DataSplit;
import org.mhim.viewer.train.EpochRecord;
import org.mhim.viewer.train.LabeledSlide;
import org.mhim.viewer.train.ModelEvaluation;
import org.mhim.viewer.train.SyntheticBags;
import org.mhim.viewer.train.Trainer;
import org.mhim.viewer.train.TrainingData;
import org.mhim.viewer.train.TrainingOptions;
import org.mhim.viewer.train.TrainingResult;

/**
 * "Subtle vs salient": training positives carry a few strongly shifted (salient) instances and more
 * weakly shifted (subtle) ones; test positives are either easy (both kinds) or subtle-only. Trains
 * the baseline alone and the full MHIM recipe (fresh student, teacher from the baseline) on the
 * same data and seed, and prints one line per seed: test AUC on easy and on subtle-only positives
 * (each against the same negatives), plus mean seconds per epoch of each stage.
 *
 * <p>Arguments: seeds (comma-separated), epochs per stage, aggregator, [timing-only]. The bag design
 * ({@link Design}) and a few recipe settings come from {@code -Dbench.*} properties; their defaults
 * are the design documented in docs/benchmarks.md, the same as bench/reference_subtle_salient.py's.
 */
public final class SubtleSalientBench {

  public static void main(String[] args) throws Exception {
    String[] seeds = (args.length > 0 ? args[0] : "1,2,3").split(",");
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 12;
    AggregatorKind aggregator = AggregatorKind.parse(args.length > 2 ? args[2] : "abmil");
    boolean timingOnly = args.length > 3 && args[3].equals("timing");
    for (String s : seeds) {
      long seed = Long.parseLong(s.trim());
      Path dir = Files.createTempDirectory("subtle-salient-");
      Path features = dir.resolve("features");
      Dataset d = Dataset.write(features, seed, Design.fromProperties());
      TrainingData data = TrainingData.load(features, List.of("negative", "positive"), d.split());
      TrainingOptions.Builder recipe = TrainingOptions.builder()
          .aggregator(aggregator).mlpDim(64).epochs(epochs).baselineEpochs(epochs).patience(epochs)
          .seed(seed).learningRate(Double.parseDouble(System.getProperty("bench.lr", "2e-3")))
          .maskRatioH(Double.parseDouble(System.getProperty("bench.maskRatioH", "0.15")))
          .maskRatioHr(Double.parseDouble(System.getProperty("bench.maskRatioHr", "1.0"))).mergeRatio(0.8).mergeK(2)
          .auxAlpha(Double.parseDouble(System.getProperty("bench.auxAlpha", "0")));
      Path mhimOut = dir.resolve("mhim");
      TrainingResult mhim = Trainer.builder().setData(data).setOptions(recipe.build()).setOutput(mhimOut).build().run();
      double baselineSeconds = meanSeconds(mhim.history(), "baseline");
      double mhimSeconds = meanSeconds(mhim.history(), "mhim");
      if (timingOnly) {
        System.out.printf(Locale.ROOT, "timing %s seed %d: baseline %.3f s/epoch, mhim %.3f s/epoch, ratio %.2f%n",
            aggregator.id(), seed, baselineSeconds, mhimSeconds, mhimSeconds / baselineSeconds);
        continue;
      }
      Path baseOut = dir.resolve("baseline");
      Trainer.builder().setData(data).setOptions(recipe.method(TrainingOptions.Method.BASELINE).build())
          .setOutput(baseOut).build().run();
      double[] base = aucs(baseOut, features, d);
      double[] ours = aucs(mhimOut, features, d);
      System.out.printf(Locale.ROOT,
          "result %s seed %d: baseline easy %.3f subtle %.3f | mhim easy %.3f subtle %.3f"
              + " | s/epoch baseline %.3f mhim %.3f%n",
          aggregator.id(), seed, base[0], base[1], ours[0], ours[1], baselineSeconds, mhimSeconds);
    }
  }

  private static double meanSeconds(List<EpochRecord> history, String stage) {
    return history.stream().filter(r -> r.stage().equals(stage)).mapToDouble(EpochRecord::seconds).average().orElse(Double.NaN);
  }

  private static double[] aucs(Path bundle, Path features, Dataset d) throws Exception {
    try (MhimModel model = ModelBundle.load(bundle, WeightsChoice.STUDENT)) {
      List<LabeledSlide> easy = new ArrayList<>(d.negatives());
      easy.addAll(d.easy());
      List<LabeledSlide> subtle = new ArrayList<>(d.negatives());
      subtle.addAll(d.subtle());
      return new double[] {
        ModelEvaluation.evaluate(model, features, easy).auc(),
        ModelEvaluation.evaluate(model, features, subtle).auc()
      };
    }
  }

  /**
   * How the bags are drawn. Instances are standard normal in {@code dim} dimensions; a salient one
   * is shifted by {@code salientShift} on dimensions 0–3, a subtle one by {@code subtleShift} on
   * dimensions 4–7. A bag holds {@code minInstances..maxInstances} instances; a positive with
   * salient evidence {@code minSalient..maxSalient} salient ones, and every positive a fraction
   * {@code minSubtle..maxSubtle} (uniform) of subtle ones; negatives hold neither.
   */
  record Design(int dim, int minInstances, int maxInstances, int minSalient, int maxSalient,
      float salientShift, float subtleShift, double minSubtle, double maxSubtle,
      int trainPerClass, int valPerClass, int testPerKind) {

    /** The documented design, each value overridable by a {@code -Dbench.<name>} property. */
    static Design fromProperties() {
      return new Design(
          integer("dim", 32), integer("minInstances", 50), integer("maxInstances", 100),
          integer("minSalient", 3), integer("maxSalient", 5),
          (float) real("salientShift", 4), (float) real("subtleShift", 1.2),
          real("minSubtle", 0.06), real("maxSubtle", 0.10),
          integer("trainPerClass", 48), integer("valPerClass", 8), integer("testPerKind", 16));
    }

    private static int integer(String name, int fallback) {
      return Integer.parseInt(System.getProperty("bench." + name, Integer.toString(fallback)));
    }

    private static double real(String name, double fallback) {
      return Double.parseDouble(System.getProperty("bench." + name, Double.toString(fallback)));
    }
  }

  /** The bags written for one seed and the slides of each test kind. */
  record Dataset(DataSplit split, List<LabeledSlide> negatives, List<LabeledSlide> easy, List<LabeledSlide> subtle) {

    static Dataset write(Path features, long seed, Design design) throws Exception {
      SyntheticBags maker = new SyntheticBags(design.dim(), design.salientShift(), design.subtleShift());
      Random random = new Random(seed);
      List<LabeledSlide> train = new ArrayList<>();
      List<LabeledSlide> val = new ArrayList<>();
      List<LabeledSlide> negatives = new ArrayList<>();
      List<LabeledSlide> easy = new ArrayList<>();
      List<LabeledSlide> subtle = new ArrayList<>();
      int id = 0;
      for (int i = 0; i < design.trainPerClass() + design.valPerClass(); i++) {
        List<LabeledSlide> target = i < design.trainPerClass() ? train : val;
        target.add(write(features, maker, design, random, "neg-" + id++, 0, false));
        target.add(write(features, maker, design, random, "pos-" + id++, 1, true));
      }
      for (int i = 0; i < design.testPerKind(); i++) {
        negatives.add(write(features, maker, design, random, "test-neg-" + id++, 0, false));
        easy.add(write(features, maker, design, random, "test-easy-" + id++, 1, true));
        subtle.add(write(features, maker, design, random, "test-subtle-" + id++, 1, false));
      }
      List<LabeledSlide> test = new ArrayList<>(negatives);
      test.addAll(easy);
      test.addAll(subtle);
      return new Dataset(new DataSplit(train, val, test), negatives, easy, subtle);
    }

    private static LabeledSlide write(Path features, SyntheticBags maker, Design design, Random random, String id,
        int label, boolean salient) throws Exception {
      int n = design.minInstances() + random.nextInt(design.maxInstances() - design.minInstances() + 1);
      int salientCount =
          label == 1 && salient ? design.minSalient() + random.nextInt(design.maxSalient() - design.minSalient() + 1) : 0;
      double fraction = design.minSubtle() + (design.maxSubtle() - design.minSubtle()) * random.nextDouble();
      int subtleCount = label == 1 ? (int) Math.round(n * fraction) : 0;
      FeatureBag bag = maker.bag(id, random, n, salientCount, subtleCount);
      SyntheticBags.write(features, bag);
      return new LabeledSlide(id, label);
    }
  }
}
