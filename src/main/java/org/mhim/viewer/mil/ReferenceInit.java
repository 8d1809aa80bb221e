package org.mhim.viewer.mil;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.training.initializer.XavierInitializer;

/**
 * The reference's fresh-model initialisation: Linear weights Xavier-normal with zero biases
 * ({@code initialize_weights}), layer norms 1/0 (DJL's defaults already), and PyTorch's own default
 * for convolutions, U(±1/√fan_in) for weight and bias.
 */
final class ReferenceInit {

  /** Xavier normal: std = √(2 / (fan_in + fan_out)); DJL's AVG factor with magnitude 1 gives it. */
  private static final Initializer XAVIER_NORMAL =
      new XavierInitializer(
          XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.AVG, 1f);

  private ReferenceInit() {}

  static void linear(Block linear) {
    for (Parameter p : linear.getDirectParameters().values()) {
      p.setInitializer(
          p.getType() == Parameter.Type.WEIGHT ? XAVIER_NORMAL : Initializer.ZEROS);
    }
  }

  static void convolution(Block conv, long fanIn) {
    Initializer uniform = new UniformInitializer((float) (1.0 / Math.sqrt(fanIn)));
    for (Parameter p : conv.getDirectParameters().values()) {
      p.setInitializer(uniform);
    }
  }
}
