package org.mhim.viewer.train.bench;

import java.nio.file.Path;
import org.mhim.viewer.train.DemoModelRecipe;
import org.mhim.viewer.train.TrainingListener;
import org.mhim.viewer.train.TrainingOptions;

/**
 * Diagnostic: the demo model's recipe with the reference's fresh student instead of
 * {@code --student-init baseline}; prints the held-out slide and instance AUCs.
 * Arguments: work folder (slides and features are reused from there), output bundle folder.
 */
public final class DemoFreshStudentProbe {

  public static void main(String[] args) throws Exception {
    DemoModelRecipe.Settings defaults = DemoModelRecipe.Settings.defaults();
    TrainingOptions t = defaults.training();
    TrainingOptions fresh = new TrainingOptions(
        t.method(), t.aggregator(), t.mlpDim(), t.dropout(), t.epochs(), t.baselineEpochs(), t.patience(),
        t.seed(), t.learningRate(), t.weightDecay(), t.maskRatioH(), t.maskRatioHr(), t.maskRatioHDecay(),
        t.mergeRatio(), t.mergeK(), t.mergeMomentum(), t.auxAlpha(), t.temperature(), t.emaMomentum(),
        t.emaCosine(), TrainingOptions.StudentInit.FRESH, t.device());
    DemoModelRecipe.Result r = new DemoModelRecipe(defaults.withTraining(fresh), Path.of(args[0]), Path.of(args[1]))
        .run(System.out::println, TrainingListener.NONE);
    r.training().stages().forEach(s -> System.out.println("stage " + s.stage().id() + " best epoch " + s.bestEpoch()
        + " val auc " + s.validation().auc()));
    System.out.println("fresh-student demo model, held out: " + r.heldOut());
  }
}
