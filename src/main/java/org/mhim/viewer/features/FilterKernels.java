package org.mhim.viewer.features;

/**
 * Fixed convolution kernels of the stain-texture encoder, as plain arrays (row-major, square).
 * Kept apart from the encoder so their definitions can be read and tested on their own.
 */
final class FilterKernels {

  private FilterKernels() {}

  /**
   * Ruifrok–Johnston colour deconvolution for H&amp;E: the matrix that maps RGB optical density to
   * haematoxylin, eosin and residual concentrations, as {@code [out][in]} for a 1×1 convolution.
   * Stain vectors are the usual H&amp;E ones (as in scikit-image); the residual is orthogonal to both.
   */
  static float[][] hematoxylinEosinResidual() {
    double[] h = unit(new double[] {0.650, 0.704, 0.286});
    double[] e = unit(new double[] {0.072, 0.990, 0.105});
    double[] r = unit(cross(h, e));
    double[][] stains = {h, e, r}; // rows: stain colours in RGB optical density
    double[][] inverse = invert3(stains); // od = c · stains  ⇒  c = od · inverse
    float[][] weight = new float[3][3];
    for (int out = 0; out < 3; out++) {
      for (int in = 0; in < 3; in++) {
        weight[out][in] = (float) inverse[in][out];
      }
    }
    return weight;
  }

  /**
   * Scale-normalised, negated Laplacian of Gaussian ({@code -σ² ∇²G}), zero-sum, padded to
   * {@code size}: a bright blob of radius about {@code σ√2} gives a positive peak.
   */
  static float[] negativeLaplacianOfGaussian(double sigma, int size) {
    int half = size / 2;
    double[] k = new double[size * size];
    double sum = 0;
    int count = 0;
    int reach = (int) Math.ceil(3 * sigma);
    for (int y = -half; y <= half; y++) {
      for (int x = -half; x <= half; x++) {
        if (Math.abs(x) > reach || Math.abs(y) > reach) {
          continue;
        }
        double r2 = x * x + y * y;
        double s2 = sigma * sigma;
        // −σ²∇²G = (2 − r²/σ²) · exp(−r²/2σ²) / (2πσ²)
        double v = (2 - r2 / s2) * Math.exp(-r2 / (2 * s2)) / (2 * Math.PI * s2);
        k[(y + half) * size + (x + half)] = v;
        sum += v;
        count++;
      }
    }
    // Remove the truncation's small DC term so that flat regions answer exactly zero.
    double offset = sum / count;
    for (int y = -half; y <= half; y++) {
      for (int x = -half; x <= half; x++) {
        if (Math.abs(x) <= reach && Math.abs(y) <= reach) {
          k[(y + half) * size + (x + half)] -= offset;
        }
      }
    }
    return toFloat(k);
  }

  /**
   * Even (cosine) Gabor kernel: wavelength {@code lambda} pixels, orientation {@code theta} radians,
   * Gaussian envelope {@code σ = λ/2}; zero-sum and unit L1 norm, so responses compare across the bank.
   */
  static float[] gabor(double lambda, double theta, int size) {
    int half = size / 2;
    double sigma = lambda / 2;
    double[] k = new double[size * size];
    double sum = 0;
    for (int y = -half; y <= half; y++) {
      for (int x = -half; x <= half; x++) {
        double xr = x * Math.cos(theta) + y * Math.sin(theta);
        double yr = -x * Math.sin(theta) + y * Math.cos(theta);
        double v = Math.exp(-(xr * xr + yr * yr) / (2 * sigma * sigma)) * Math.cos(2 * Math.PI * xr / lambda);
        k[(y + half) * size + (x + half)] = v;
        sum += v;
      }
    }
    double mean = sum / k.length;
    double l1 = 0;
    for (int i = 0; i < k.length; i++) {
      k[i] -= mean;
      l1 += Math.abs(k[i]);
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= l1;
    }
    return toFloat(k);
  }

  /** Sobel derivative kernels, x then y (3×3 each). */
  static float[][] sobel() {
    return new float[][] {
      {-1, 0, 1, -2, 0, 2, -1, 0, 1},
      {-1, -2, -1, 0, 0, 0, 1, 2, 1}
    };
  }

  /** Odd kernel side that holds ±3σ. */
  static int sideFor(double sigma) {
    return 2 * (int) Math.ceil(3 * sigma) + 1;
  }

  private static double[] unit(double[] v) {
    double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    return new double[] {v[0] / n, v[1] / n, v[2] / n};
  }

  private static double[] cross(double[] a, double[] b) {
    return new double[] {
      a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]
    };
  }

  static double[][] invert3(double[][] m) {
    double a = m[0][0], b = m[0][1], c = m[0][2];
    double d = m[1][0], e = m[1][1], f = m[1][2];
    double g = m[2][0], h = m[2][1], i = m[2][2];
    double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
    return new double[][] {
      {(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det},
      {(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det},
      {(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det}
    };
  }

  private static float[] toFloat(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return f;
  }
}
