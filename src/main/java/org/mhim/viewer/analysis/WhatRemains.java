package org.mhim.viewer.analysis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.mhim.viewer.mil.Bag;
import org.mhim.viewer.mil.MhimModel;
import org.mhim.viewer.mil.ModelBundle;
import org.mhim.viewer.mil.WeightsChoice;

/**
 * "What remains": asks the student again about one slide's bag with the hard instances taken out,
 * at any ratio, to show the subtler evidence the model also uses. The hard instances are those of
 * {@link HardInstances#ranks} on the result's (teacher) scores, exactly what the overlay outlines;
 * the other instances keep their order (it matters to TransMIL's positional encoding).
 *
 * <p>Owns its own copy of the student, so it lives as long as the view that shows it, whatever
 * became of the analyzer; {@link #at} may run on any thread (not the JavaFX one: it runs the
 * model). Close it to free the model's native memory.
 */
public final class WhatRemains implements AutoCloseable {

  private final MhimModel model;
  private final Bag bag;
  private final float[] scores;
  private final List<String> classNames;

  private WhatRemains(MhimModel model, ResultWithBag analysis) {
    SlideResult result = analysis.result();
    if (!model.config().classNames().equals(result.classNames())) {
      model.close();
      throw new IllegalArgumentException(
          result.slideId() + ": the model's classes " + model.config().classNames()
              + " are not the result's " + result.classNames());
    }
    this.model = model;
    this.bag = analysis.bag();
    this.scores = result.instances().scores();
    this.classNames = result.classNames();
  }

  /**
   * Loads the student of {@code bundle} (the model that produced {@code analysis}).
   *
   * @throws IOException naming the bundle when it cannot be read
   * @throws IllegalArgumentException when the bundle's classes are not the result's
   */
  public static WhatRemains open(Path bundle, ResultWithBag analysis) throws IOException {
    return new WhatRemains(ModelBundle.load(bundle, WeightsChoice.STUDENT), analysis);
  }

  /** Number of instances in the whole bag. */
  public int instanceCount() {
    return bag.n();
  }

  /** The student's class probabilities once the instances the teacher masks at {@code ratio} are out. */
  public RemainingPrediction at(double ratio) {
    int[] ranks = HardInstances.ranks(scores, ratio);
    int kept = 0;
    for (int rank : ranks) {
      kept += rank == HardInstances.NOT_HARD ? 1 : 0;
    }
    int removed = ranks.length - kept;
    if (kept == 0) {
      float[] none = new float[classNames.size()];
      Arrays.fill(none, Float.NaN);
      return new RemainingPrediction(ratio, removed, 0, classNames, none);
    }
    int dim = bag.dim();
    float[] all = bag.features();
    float[] rest = new float[Math.multiplyExact(kept, dim)];
    for (int i = 0, row = 0; i < ranks.length; i++) {
      if (ranks[i] == HardInstances.NOT_HARD) {
        System.arraycopy(all, i * dim, rest, row++ * dim, dim);
      }
    }
    float[] probabilities = model.predict(new Bag(rest, kept, dim), false).probabilities();
    return new RemainingPrediction(ratio, removed, kept, classNames, probabilities);
  }

  @Override
  public void close() {
    model.close();
  }
}
