package org.mhim.viewer.mil;

/**
 * One bag of instance features as the model takes it: {@code n} rows of {@code dim} floats,
 * row-major. (The feature-bag files with coordinates live in {@code features}; this is the least
 * the model needs.)
 */
public record Bag(float[] features, int n, int dim) {

  public Bag {
    if (n < 1) {
      throw new IllegalArgumentException("a bag needs at least one instance, got " + n);
    }
    if (dim < 1) {
      throw new IllegalArgumentException("feature dimension must be positive, got " + dim);
    }
    if ((long) n * dim != features.length) {
      throw new IllegalArgumentException(
          n + " instances of dimension " + dim + " need " + (long) n * dim + " values, got "
              + features.length);
    }
  }
}
