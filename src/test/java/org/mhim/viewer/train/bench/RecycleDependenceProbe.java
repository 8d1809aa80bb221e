package org.mhim.viewer.train.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.mhim.viewer.features.FeatureBag;
import org.mhim.viewer.mil.AbmilAggregator;
import org.mhim.viewer.mil.GlobalRecycleNetwork;
import org.mhim.viewer.mil.MhimModel;
import org.mhim.viewer.mil.MhimNetwork;
import org.mhim.viewer.mil.ModelBundle;
import org.mhim.viewer.mil.StateDicts;
import org.mhim.viewer.mil.TrainingNetworks;
import org.mhim.viewer.mil.WeightsChoice;
import org.mhim.viewer.train.DataSplit;
import org.mhim.viewer.train.LabeledSlide;
import org.mhim.viewer.train.SyntheticBags;
import org.mhim.viewer.train.Trainer;
import org.mhim.viewer.train.TrainingData;
import org.mhim.viewer.train.TrainingOptions;
import org.mhim.viewer.train.TrainingResult;

/**
 * Diagnostic: does a fresh MHIM student come to depend on its recycled tokens? Trains the recipe on
 * small easy bags, then scores the validation bags with and without the k tokens the recycle
 * network makes from the whole bag, and reports the AB-MIL attention the tokens get.
 * Arguments: seed, epochs per stage, mlp_dim.
 */
public final class RecycleDependenceProbe {

  public static void main(String[] args) throws Exception {
    long seed = Long.parseLong(args[0]);
    int epochs = Integer.parseInt(args[1]);
    int mlp = Integer.parseInt(args[2]);
    long dataSeed = args.length > 3 ? Long.parseLong(args[3]) : seed;
    int mhimEpochs = args.length > 4 ? Integer.parseInt(args[4]) : epochs;
    String init = args.length > 5 ? args[5] : "fresh";
    Path dir = Files.createTempDirectory("recycle-probe-");
    Path features = dir.resolve("features");
    SyntheticBags maker = new SyntheticBags(16, 3f, 1.5f);
    Random random = new Random(dataSeed);
    List<LabeledSlide> train = new ArrayList<>();
    List<LabeledSlide> val = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      int label = i % 2;
      String id = "slide-" + i;
      SyntheticBags.write(features, maker.bag(id, random, 40 + random.nextInt(40), label * 4, label * 6));
      if (i < 32) (i < 24 ? train : val).add(new LabeledSlide(id, label));
    }
    TrainingData data = TrainingData.load(features, List.of("a", "b"), new DataSplit(train, val, List.of()));
    TrainingOptions options = TrainingOptions.builder().mlpDim(mlp).baselineEpochs(epochs).epochs(mhimEpochs)
        .patience(Math.max(epochs, mhimEpochs)).seed(seed).learningRate(1e-3).maskRatioH(0.05).maskRatioHr(0.5).mergeRatio(0.8)
        .mergeK(2).emaMomentum(0.99)
        .studentInit(init.equals("baseline") ? TrainingOptions.StudentInit.BASELINE : TrainingOptions.StudentInit.FRESH).build();
    TrainingResult result = Trainer.builder().setData(data).setOptions(options).setOutput(dir.resolve("m")).build().run();
    result.history().forEach(r -> System.out.printf(Locale.ROOT, "epoch %s %d val auc %.3f ce %.3f aux %.3f%n",
        r.stage(), r.epoch(), r.validation().auc(), r.trainCeLoss(), r.trainAuxLoss()));
    try (MhimModel model = ModelBundle.load(dir.resolve("m"), WeightsChoice.STUDENT);
        NDManager manager = NDManager.newBaseManager()) {
      MhimNetwork net = TrainingNetworks.create(model.config());
      net.initialize(manager, DataType.FLOAT32, new Shape(1, 16));
      StateDicts.load(net, model.studentWeights(), "probe");
      GlobalRecycleNetwork recycle = (GlobalRecycleNetwork) net.extra("merge");
      double shareSum = 0;
      double[] with = new double[val.size()];
      double[] without = new double[val.size()];
      int[] labels = new int[val.size()];
      double tokenNorm = 0;
      double instanceNorm = 0;
      for (int i = 0; i < val.size(); i++) {
        FeatureBag bag = data.bag(val.get(i).slideId());
        labels[i] = val.get(i).label();
        ParameterStore ps = new ParameterStore(manager, false);
        NDArray x = manager.create(bag.features(), new Shape(bag.count(), bag.dim()));
        NDArray h = net.project(ps, x, false);
        NDList out = recycle.forward(ps, new NDList(h), false);
        AbmilAggregator.Result a = (AbmilAggregator.Result) net.aggregate(ps, out.get(0), false, true);
        float[] att = a.attention().toFloatArray();
        for (int t = att.length - recycle.queryCount(); t < att.length; t++) {
          shareSum += att[t];
        }
        tokenNorm += out.get(1).norm(new int[] {1}).mean().getFloat();
        instanceNorm += h.norm(new int[] {1}).mean().getFloat();
        with[i] = net.logits(ps, a, false).softmax(0).getFloat(1);
        without[i] = net.logits(ps, net.aggregate(ps, h, false, false), false).softmax(0).getFloat(1);
      }
      System.out.printf(Locale.ROOT,
          "seed %d: val auc with tokens %.3f without %.3f; token attention share %.3f (uniform %.3f); norms token %.2f instance %.2f%n",
          seed, auc(with, labels), auc(without, labels), shareSum / val.size(), 2.0 / (60 + 2),
          tokenNorm / val.size(), instanceNorm / val.size());
    }
  }

  private static double auc(double[] s, int[] y) {
    double sum = 0;
    int pairs = 0;
    for (int i = 0; i < s.length; i++) {
      for (int j = 0; j < s.length; j++) {
        if (y[i] == 1 && y[j] == 0) {
          sum += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
          pairs++;
        }
      }
    }
    return sum / pairs;
  }
}
