package org.mhim.viewer.mil;

import ai.djl.Device;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.lang.foreign.MemorySegment;

/**
 * AB-MIL inference on the CPU without a libtorch call: the projection and the products of each
 * unit of rows through OpenBLAS ({@link BlasProjection#projectUnits}), the rest in Java on the
 * thread that projected the unit, while its rows are in cache. A libtorch call costs a parallel
 * region whose threads meet at a barrier; the dozen of them after the projection took about half
 * as long again as the projection itself on a bag of 1,000 instances (docs/benchmarks.md).
 *
 * <p>Per unit: the attention net's first layer and the classifier as one product
 * {@code h·[W₁; W_c]ᵀ}, then the attention logits a_i = w₂ᵀ act(W₁h_i); the softmax over the bag
 * and what follows from it need only a_i and h_i·W_cᵀ. The numbers are {@link AbmilStream}'s up
 * to rounding.
 */
final class AbmilHostPass implements HostPass {

  private final BlasProjection.HostLinear projection;
  private final ActivationKind activation;
  private final int dim;
  private final int classes;
  /** [W₁; W_c; zero rows], {@code [width, D]}: one product per unit gives both. */
  private final float[] stacked;
  private final int width;
  private final float[] scoreWeight; // w₂ [128]
  private final float[] classifierBias; // [C]

  AbmilHostPass(AbmilAggregator aggregator, InstanceProjection projection, Linear classifier, ParameterStore ps, int dim) {
    Device cpu = Device.cpu();
    this.projection = BlasProjection.HostLinear.of(projection, ps);
    this.activation = aggregator.activation();
    this.dim = dim;
    float[] hidden = aggregator.hiddenWeight(ps, cpu, false).toFloatArray(); // [128, D]
    scoreWeight = aggregator.scoreWeight(ps, cpu).toFloatArray(); // [1, 128]
    float[] classifierWeight = ps.getValue(classifier.getParameters().get("weight"), cpu, false).toFloatArray();
    classifierBias = ps.getValue(classifier.getParameters().get("bias"), cpu, false).toFloatArray();
    classes = classifierBias.length;
    width = Blocks.paddedToTiles(AbmilAggregator.ATTENTION_HIDDEN + classes);
    stacked = new float[width * dim];
    System.arraycopy(hidden, 0, stacked, 0, hidden.length);
    System.arraycopy(classifierWeight, 0, stacked, hidden.length, classifierWeight.length);
  }

  @Override
  public HostExplanation explain(BlasProjection blas, MemorySegment x, int rows, HostDropout.Mask dropout, boolean embedding) {
    float[] logits = new float[rows]; // a_i
    float[] cam = new float[rows * classes]; // h_i·W_cᵀ
    Pooling pooling = embedding ? new Pooling(blas.unitsOf(rows), dim) : null;
    MemorySegment weights = MemorySegment.ofArray(stacked);
    int hiddenWidth = scoreWeight.length;
    blas.projectUnits(projection, x, rows, dropout, 0, (unit, from, to, h, none) -> {
      int n = to - from;
      float[] p = new float[n * width]; // OpenBLAS writes Java arrays in place
      blas.blas().sgemmNT(n, width, dim, 1f, h, dim, weights, dim, 0f, MemorySegment.ofArray(p), width);
      for (int i = 0; i < n; i++) {
        int row = i * width;
        activation.applyInPlace(p, row, row + hiddenWidth);
        float a = 0;
        for (int k = 0; k < hiddenWidth; k++) {
          a += scoreWeight[k] * p[row + k];
        }
        logits[from + i] = a;
        System.arraycopy(p, row + hiddenWidth, cam, (from + i) * classes, classes);
      }
      if (pooling != null) {
        pooling.add(blas.blas(), unit, logits, from, h, n);
      }
    });
    return finish(logits, cam, pooling == null ? null : pooling.embedding());
  }

  /**
   * The pooled embedding Σ_i α_i h_i, made while each unit's rows are in cache: per unit u = Σ_i
   * e^{a_i − m} h_i and s = Σ_i e^{a_i − m} with its own shift m (its largest a_i), which combine
   * exactly as one softmax over the bag (as {@link AbmilStream}'s blocks).
   */
  private static final class Pooling {
    private final int dim;
    private final float[] shifts;
    private final double[] sums;
    private final float[][] pooled;

    Pooling(int units, int dim) {
      this.dim = dim;
      shifts = new float[units];
      sums = new double[units];
      pooled = new float[units][];
    }

    /** Unit {@code unit}: rows {@code h} ({@code [n, D]}) with attention logits {@code a[from .. from + n)}. */
    void add(OpenBlas blas, int unit, float[] a, int from, MemorySegment h, int n) {
      float max = Float.NEGATIVE_INFINITY;
      for (int i = from; i < from + n; i++) {
        max = Math.max(max, a[i]);
      }
      float[] e = new float[n];
      double s = 0;
      for (int i = 0; i < n; i++) {
        e[i] = (float) Math.exp(a[from + i] - max);
        s += e[i];
      }
      float[] u = new float[dim];
      blas.sgemmTN(1, dim, n, 1f, MemorySegment.ofArray(e), 1, h, dim, 0f, MemorySegment.ofArray(u), dim);
      shifts[unit] = max;
      sums[unit] = s;
      pooled[unit] = u;
    }

    float[] embedding() {
      float top = Float.NEGATIVE_INFINITY;
      for (float m : shifts) {
        top = Math.max(top, m);
      }
      double[] bag = new double[dim];
      double total = 0;
      for (int u = 0; u < shifts.length; u++) {
        double w = Math.exp(shifts[u] - top);
        total += w * sums[u];
        for (int j = 0; j < dim; j++) {
          bag[j] += w * pooled[u][j];
        }
      }
      float[] out = new float[dim];
      for (int j = 0; j < dim; j++) {
        out[j] = (float) (bag[j] / total);
      }
      return out;
    }
  }

  /**
   * α = softmax(a) over the bag; the bag logits W_c·Σ_i α_i h_i + b_c, made as Σ_i α_i (h_i·W_cᵀ) +
   * b_c (the same sum in another order, without the pooled embedding); each instance's
   * class-aware probabilities softmax(α_i (h_i·W_cᵀ) + b_0); {@code embedding}, the pooled one
   * when asked for (else null), is handed on.
   */
  private HostExplanation finish(float[] a, float[] cam, float[] embedding) {
    int rows = a.length;
    float[] alpha = HostSoftmax.of(a);
    float[] probs = new float[rows * classes];
    float[] scores = new float[rows];
    double[] pooled = new double[classes];
    float[] z = new float[classes];
    for (int i = 0; i < rows; i++) {
      int at = i * classes;
      for (int c = 0; c < classes; c++) {
        pooled[c] += alpha[i] * (double) cam[at + c];
        z[c] = alpha[i] * cam[at + c] + classifierBias[0];
      }
      HostSoftmax.of(z, 0, 1, classes, probs, at, 1);
      float best = probs[at];
      for (int c = 1; c < classes; c++) {
        best = Math.max(best, probs[at + c]);
      }
      scores[i] = best;
    }
    float[] bagLogits = new float[classes];
    for (int c = 0; c < classes; c++) {
      bagLogits[c] = (float) (pooled[c] + classifierBias[c]);
    }
    return new HostExplanation(bagLogits, probs, scores, alpha, embedding);
  }
}
