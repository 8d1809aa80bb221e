package org.mhim.viewer.mil;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.Locale;

/** The nonlinearities the reference lets a config choose ({@code act}, {@code da_act}). */
public enum ActivationKind {
  RELU,
  /** Exact (erf) GELU, as PyTorch's {@code nn.GELU()} default. */
  GELU,
  TANH;

  /** Parses a reference config value such as {@code "relu"} or {@code "gelu"}. */
  public static ActivationKind parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown activation '" + name + "' (expected relu, gelu or tanh)", e);
    }
  }

  /** The name used in config files. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  NDArray apply(NDArray x) {
    return switch (this) {
      case RELU -> Activation.relu(x);
      case GELU -> Activation.gelu(x);
      case TANH -> Activation.tanh(x);
    };
  }
}
