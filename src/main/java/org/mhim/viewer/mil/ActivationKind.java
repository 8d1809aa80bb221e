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

  /** The same function of {@code v[from..to)}, in place, for inference in plain Java ({@link HostPass}). */
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
          v[i] = (float) tanh(v[i]);
        }
      }
    }
  }

  private static final double INV_SQRT2 = 0.7071067811865476;

  /** erf(±4) is ±1 within 2e-8: past it the approximation below holds its end value. */
  private static final double ERF_LIMIT = 4;

  /**
   * erf(x) within 3e-8: x·P(x²)/Q(x²) on [−4, 4], a rational function of degree 5 over 5 in x²
   * fitted for this (near-minimax on [0, 4]). Arithmetic and min/max only, so a loop of it is
   * vectorised (GELU over a whole row costs a fraction of what Math.exp per value did).
   */
  static double erf(double x) {
    double z = Math.min(Math.max(x, -ERF_LIMIT), ERF_LIMIT);
    double t = z * z;
    double p = 1.1283789773557218 + t * (0.19624331965111327 + t * (0.05346643376656351
        + t * (0.0040032959281420324 + t * (0.0002880155100710609 + t * 1.974656018588483e-06))));
    double q = 1 + t * (0.507247281218828 + t * (0.11647380769009026 + t * (0.015443771487632072
        + t * (0.0012162391484296549 + t * 3.747765840816236e-05))));
    return z * p / q;
  }

  /** tanh(±9) is ±1 within 3e-8: past it the approximation below holds its end value. */
  private static final double TANH_LIMIT = 9;

  /**
   * tanh(x) within 2e-8: x·P(x²)/Q(x²) on [−9, 9], degree 4 over 4 in x², fitted as {@link #erf}
   * was and for the same reason (Math.tanh per value keeps a loop scalar).
   */
  static double tanh(double x) {
    double z = Math.min(Math.max(x, -TANH_LIMIT), TANH_LIMIT);
    double t = z * z;
    double p = 0.9999999066189675 + t * (0.13373199144239423 + t * (0.003486582158416904
        + t * (2.04717843154123e-05 + t * 1.3184076858019367e-08)));
    double q = 1 + t * (0.4670649608902113 + t * (0.02584198386971225
        + t * (0.0003271383545404896 + t * 7.702620317510955e-07)));
    return z * p / q;
  }

  NDArray apply(NDArray x) {
    return switch (this) {
      case RELU -> Activation.relu(x);
      case GELU -> Activation.gelu(x);
      case TANH -> Activation.tanh(x);
    };
  }
}
