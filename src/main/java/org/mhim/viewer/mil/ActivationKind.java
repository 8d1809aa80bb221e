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

  /** The same function of {@code v[from..to)}, in place, for inference in plain Java ({@link AbmilHostPass}). */
  void applyInPlace(float[] v, int from, int to) {
    switch (this) {
      case RELU -> {
        for (int i = from; i < to; i++) {
          v[i] = Math.max(v[i], 0f);
        }
      }
      case GELU -> {
        for (int i = from; i < to; i++) {
          v[i] = (float) (0.5 * v[i] * (1 + erf(v[i] * INV_SQRT2)));
        }
      }
      case TANH -> {
        for (int i = from; i < to; i++) {
          v[i] = (float) Math.tanh(v[i]);
        }
      }
    }
  }

  private static final double INV_SQRT2 = 0.7071067811865476;

  /**
   * erf(x) within 1.5e-7 (Abramowitz and Stegun 7.1.26), well inside float precision for GELU's
   * 0.5·x·(1 + erf(x/√2)).
   */
  static double erf(double x) {
    double ax = Math.abs(x);
    double t = 1 / (1 + 0.3275911 * ax);
    double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    return Math.copySign(1 - poly * Math.exp(-ax * ax), x);
  }

  NDArray apply(NDArray x) {
    return switch (this) {
      case RELU -> Activation.relu(x);
      case GELU -> Activation.gelu(x);
      case TANH -> Activation.tanh(x);
    };
  }
}
