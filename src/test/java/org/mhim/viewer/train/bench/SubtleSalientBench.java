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
 * <p>Arguments: seeds (comma-separated), epochs per stage, aggregator, [timing-only].
 */
public final class SubtleSalientBench {

  static final int DIM = 32;
  static final int TRAIN_PER_CLASS = 24;
  static final int VAL_PER_CLASS = 8;
  static final int TEST_PER_KIND = 16;

  public static void main(String[] args) throws Exception {
    String[] seeds = (args.length > 0 ? args[0] : "1,2,3").split(",");
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 12;
    AggregatorKind aggregator = AggregatorKind.parse(args.length > 2 ? args[2] : "abmil");
    boolean timingOnly = args.length > 3 && args[3].equals("timing");
    for (String s : seeds) {
      long seed = Long.parseLong(s.trim());
      Path dir = Files.createTempDirectory("subtle-salient-");
      Path features = dir.resolve("features");
      Dataset d = Dataset.write(features, seed);
      TrainingData data = TrainingData.load(features, List.of("negative", "positive"), d.split());
      TrainingOptions.Builder recipe = TrainingOptions.builder()
          .aggregator(aggregator).mlpDim(64).epochs(epochs).baselineEpochs(epochs).patience(epochs)
          .seed(seed).learningRate(Double.parseDouble(System.getProperty("bench.lr", "2e-3"))).maskRatioH(0.05)
          .maskRatioHr(Double.parseDouble(System.getProperty("bench.maskRatioHr", "1.0"))).mergeRatio(0.8).mergeK(2)
          .auxAlpha(Double.parseDouble(System.getProperty("bench.auxAlpha", "0.5")));
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

  /** The bags written for one seed and the slides of each test kind. */
  record Dataset(DataSplit split, List<LabeledSlide> negatives, List<LabeledSlide> easy, List<LabeledSlide> subtle) {

    /** Salient: shift 4 on dims 0–3, 2–3 per bag; subtle: shift 0.8 on dims 4–7, 8–12 % of the bag. */
    static Dataset write(Path features, long seed) throws Exception {
      SyntheticBags maker = new SyntheticBags(DIM, 4f, 0.8f);
      Random random = new Random(seed);
      List<LabeledSlide> train = new ArrayList<>();
      List<LabeledSlide> val = new ArrayList<>();
      List<LabeledSlide> negatives = new ArrayList<>();
      List<LabeledSlide> easy = new ArrayList<>();
      List<LabeledSlide> subtle = new ArrayList<>();
      int id = 0;
      for (int i = 0; i < TRAIN_PER_CLASS + VAL_PER_CLASS; i++) {
        List<LabeledSlide> target = i < TRAIN_PER_CLASS ? train : val;
        target.add(write(features, maker, random, "neg-" + id++, 0, false));
        target.add(write(features, maker, random, "pos-" + id++, 1, true));
      }
      for (int i = 0; i < TEST_PER_KIND; i++) {
        negatives.add(write(features, maker, random, "test-neg-" + id++, 0, false));
        easy.add(write(features, maker, random, "test-easy-" + id++, 1, true));
        subtle.add(write(features, maker, random, "test-subtle-" + id++, 1, false));
      }
      List<LabeledSlide> test = new ArrayList<>(negatives);
      test.addAll(easy);
      test.addAll(subtle);
      return new Dataset(new DataSplit(train, val, test), negatives, easy, subtle);
    }

    private static LabeledSlide write(Path features, SyntheticBags maker, Random random, String id, int label,
        boolean salient) throws Exception {
      int n = 100 + random.nextInt(101);
      int salientCount = label == 1 && salient ? 2 + random.nextInt(2) : 0;
      int subtleCount = label == 1 ? (int) Math.round(n * (0.08 + 0.04 * random.nextDouble())) : 0;
      FeatureBag bag = maker.bag(id, random, n, salientCount, subtleCount);
      SyntheticBags.write(features, bag);
      return new LabeledSlide(id, label);
    }
  }
}
