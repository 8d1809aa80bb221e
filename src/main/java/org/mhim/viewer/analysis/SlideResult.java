package org.mhim.viewer.analysis;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;

/**
 * What one analysis of one slide produced: the slide-level prediction, the evidence per instance
 * and how long each phase took. Everything the exporters and the viewer overlays need.
 *
 * <p>Arrays are copied in and out; components holding arrays compare by identity in {@code
 * equals}.
 *
 * @param slideId the slide's name without extension; names the output files, so it holds no path
 *     separator
 * @param slidePath the slide file
 * @param modelId the model bundle's id
 * @param encoderId the patch encoder's id
 * @param demoModel whether the model is the bundled demo model (outputs then say "not for
 *     diagnosis")
 * @param classNames class names in the model's output order
 * @param slideLogits the model's slide logits, one per class
 * @param slideProbabilities softmax of the logits, one per class
 * @param predictedClass index of the predicted class
 * @param instances per-instance rectangles, class probabilities, scores, attention, hard ranks
 * @param hardRatio the ratio at which {@link Instances#hardRank} was computed, in [0, 1]
 * @param timings wall time per phase
 */
public record SlideResult(
    String slideId,
    Path slidePath,
    String modelId,
    String encoderId,
    boolean demoModel,
    List<String> classNames,
    float[] slideLogits,
    float[] slideProbabilities,
    int predictedClass,
    Instances instances,
    double hardRatio,
    PhaseTimings timings) {

  public SlideResult {
    if (slideId == null || slideId.isBlank() || slideId.contains("/") || slideId.contains("\\")
        || slideId.equals(".") || slideId.equals("..")) {
      throw new IllegalArgumentException(
          "slide id must be a plain file name, got '" + slideId + "'");
    }
    if (slidePath == null || modelId == null || encoderId == null || instances == null
        || timings == null) {
      throw new IllegalArgumentException(slideId + ": slide path, model, encoder, instances and timings are required");
    }
    classNames = List.copyOf(classNames);
    int c = classNames.size();
    if (c == 0 || new HashSet<>(classNames).size() != c) {
      throw new IllegalArgumentException(slideId + ": class names must be distinct and non-empty: " + classNames);
    }
    if (slideLogits.length != c || slideProbabilities.length != c) {
      throw new IllegalArgumentException(
          slideId + ": " + slideLogits.length + " logits and " + slideProbabilities.length
              + " probabilities for " + c + " classes");
    }
    if (instances.classCount() != c) {
      throw new IllegalArgumentException(
          slideId + ": instances carry " + instances.classCount() + " classes, the slide " + c);
    }
    if (predictedClass < 0 || predictedClass >= c) {
      throw new IllegalArgumentException(slideId + ": predicted class " + predictedClass + " of " + c);
    }
    HardInstances.checkRatio(hardRatio);
    slideLogits = slideLogits.clone();
    slideProbabilities = slideProbabilities.clone();
  }

  @Override
  public float[] slideLogits() {
    return slideLogits.clone();
  }

  @Override
  public float[] slideProbabilities() {
    return slideProbabilities.clone();
  }

  public int classCount() {
    return classNames.size();
  }

  public int instanceCount() {
    return instances.size();
  }

  public String predictedClassName() {
    return classNames.get(predictedClass);
  }

  public float predictedProbability() {
    return slideProbabilities[predictedClass];
  }

  public float slideProbability(int classIndex) {
    return slideProbabilities[classIndex];
  }

  /** Index of a class by name, exactly; throws naming the classes when there is none. */
  public int classIndex(String name) {
    int index = classNames.indexOf(name);
    if (index < 0) {
      throw new IllegalArgumentException("no class '" + name + "' (classes: " + classNames + ")");
    }
    return index;
  }

  /** The same result with hard ranks recomputed from the scores at another ratio. */
  public SlideResult withHardRatio(double ratio) {
    return new SlideResult(
        slideId, slidePath, modelId, encoderId, demoModel, classNames, slideLogits,
        slideProbabilities, predictedClass, instances.withHardRatio(ratio), ratio, timings);
  }
}
