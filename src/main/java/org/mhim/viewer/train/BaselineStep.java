package org.mhim.viewer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mhim.viewer.features.NoGradient;
import org.mhim.viewer.mil.AdamOptimizer;
import org.mhim.viewer.mil.Aggregation;
import org.mhim.viewer.mil.AggregatorKind;
import org.mhim.viewer.mil.MhimNetwork;
import org.mhim.viewer.mil.StateDicts;

/**
 * One stage-1 step: the student on the whole bag (no masking, no recycling, no teacher),
 * cross-entropy with the label, backward, Adam. Not thread-safe: one per training loop.
 */
final class BaselineStep {

  private final MhimNetwork network;
  private final AdamOptimizer adam;
  private final ParameterStore parameterStore;
  private final Map<String, Parameter> trainable = new LinkedHashMap<>();

  BaselineStep(MhimNetwork network, AdamOptimizer adam, NDManager manager) {
    this.network = network;
    this.adam = adam;
    this.parameterStore = new ParameterStore(manager, false);
    network.referenceParameters().forEach(
        (name, p) -> {
          // The recycle network and DSMIL's unused classifier get no gradient in this stage.
          boolean unused =
              name.startsWith(StateDicts.RECYCLE_PREFIX)
                  || (network.kind() == AggregatorKind.DSMIL && name.startsWith("predictor."));
          if (p.requiresGradient() && !unused) {
            trainable.put(name, p);
          }
        });
  }

  /** Trains on one bag {@code [N, input_dim]}; returns the cross-entropy. */
  double step(NDArray bag, int label, double learningRate) {
    // Autograd records only inside the gradient collector, never Adam's in-place updates.
    try (NoGradient _ = NoGradient.enter()) {
      return stepRecordingOnlyTheForward(bag, label, learningRate);
    }
  }

  private double stepRecordingOnlyTheForward(NDArray bag, int label, double learningRate) {
    double loss;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray h = network.project(parameterStore, bag, true); // [N, D]
        Aggregation aggregation = network.aggregate(parameterStore, h, true, false);
        NDArray logits = network.logits(parameterStore, aggregation, true); // [C]
        NDArray ce = logits.logSoftmax(0).get(label).neg(); // []
        collector.backward(ce);
        loss = ce.getFloat();
      }
    }
    if (!Double.isFinite(loss)) {
      zeroGradients();
      throw new IllegalStateException("baseline training loss is not finite (" + loss + ")");
    }
    for (Map.Entry<String, Parameter> e : trainable.entrySet()) {
      NDArray weight = e.getValue().getArray();
      try (NDArray gradient = weight.getGradient()) {
        adam.updateAndClear(e.getKey(), weight, gradient, learningRate);
      }
    }
    return loss;
  }

  private void zeroGradients() {
    for (Parameter p : trainable.values()) {
      try (NDArray gradient = p.getArray().getGradient()) {
        gradient.subi(gradient);
      }
    }
  }
}
