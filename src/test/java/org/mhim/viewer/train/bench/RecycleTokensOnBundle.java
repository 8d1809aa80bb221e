package org.mhim.viewer.train.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.mhim.viewer.features.FeatureBag;
import org.mhim.viewer.features.FeatureBagH5;
import org.mhim.viewer.mil.AbmilAggregator;
import org.mhim.viewer.mil.GlobalRecycleNetwork;
import org.mhim.viewer.mil.MhimModel;
import org.mhim.viewer.mil.MhimNetwork;
import org.mhim.viewer.mil.ModelBundle;
import org.mhim.viewer.mil.StateDicts;
import org.mhim.viewer.mil.TrainingNetworks;
import org.mhim.viewer.mil.WeightsChoice;

/**
 * Diagnostic: an AB-MIL MHIM bundle's last-class probability for each bag of a features folder,
 * with and without the k tokens its recycle network makes from the whole bag, and the attention
 * those tokens get. Arguments: bundle, features folder, file-name prefix.
 */
public final class RecycleTokensOnBundle {

  public static void main(String[] args) throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(Path.of(args[1]).resolve("h5_files"))) {
      files = s.filter(p -> p.getFileName().toString().startsWith(args[2])).sorted().toList();
    }
    try (MhimModel model = ModelBundle.load(Path.of(args[0]), WeightsChoice.STUDENT);
        NDManager manager = NDManager.newBaseManager()) {
      MhimNetwork net = TrainingNetworks.create(model.config());
      net.initialize(manager, DataType.FLOAT32, new Shape(1, model.config().inputDim()));
      StateDicts.load(net, model.studentWeights(), "probe");
      GlobalRecycleNetwork recycle = (GlobalRecycleNetwork) net.extra("merge");
      int last = model.config().classes() - 1;
      for (Path file : files) {
        FeatureBag bag = FeatureBagH5.read(file);
        ParameterStore ps = new ParameterStore(manager, false);
        NDArray h = net.project(ps, manager.create(bag.features(), new Shape(bag.count(), bag.dim())), false);
        NDList out = recycle.forward(ps, new NDList(h), false);
        AbmilAggregator.Result a = (AbmilAggregator.Result) net.aggregate(ps, out.get(0), false, true);
        float[] att = a.attention().toFloatArray();
        double share = 0;
        for (int t = att.length - recycle.queryCount(); t < att.length; t++) {
          share += att[t];
        }
        float with = net.logits(ps, a, false).softmax(0).getFloat(last);
        float without = net.logits(ps, net.aggregate(ps, h, false, false), false).softmax(0).getFloat(last);
        System.out.printf(Locale.ROOT, "%s n=%d p(%s) with tokens %.3f without %.3f token share %.3f%n",
            file.getFileName(), bag.count(), model.config().classNames().get(last), with, without, share);
      }
    }
  }
}
