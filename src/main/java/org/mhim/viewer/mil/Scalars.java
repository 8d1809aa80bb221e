package org.mhim.viewer.mil;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with a constant that is safe under autograd. DJL's {@code x.mul(2f)} wraps the
 * constant in a 0-d array over a Java direct buffer (libtorch gets no copy) and closes that array
 * as soon as the product is made; autograd keeps it for the backward pass, so the buffer can be
 * garbage-collected and its memory reused before the backward pass reads it — a wrong or NaN
 * gradient now and then. A constant made by {@code full} lives in libtorch's own memory, which
 * autograd keeps alive for as long as it needs it.
 */
final class Scalars {

  private Scalars() {}

  /** A 0-d array holding {@code value}, of {@code like}'s type, in libtorch-owned memory. */
  static NDArray constant(NDArray like, float value) {
    return like.getManager().full(new Shape(), value, like.getDataType());
  }

  /** {@code x · value}. */
  static NDArray mul(NDArray x, float value) {
    return x.mul(constant(x, value));
  }

  /** {@code x / value}. */
  static NDArray div(NDArray x, float value) {
    return x.div(constant(x, value));
  }
}
