package org.mhim.viewer.mil;

import ai.djl.training.ParameterStore;
import java.lang.foreign.MemorySegment;

/**
 * DSMIL inference on the CPU without a libtorch call (see {@link HostPass}). Per unit of rows, on
 * the thread that projected it: the three input layers as one product {@code h·Sᵀ + b} into the
 * bag's product array ({@code [N, S]}: instance logits, the query net's first layer, the values,
 * padding), ReLU of the last two in place, then the queries q = tanh(W₂·relu(·) + b₂). The
 * critical instances are known only once every unit is in; the attention over the bag, the bag
 * matrix B = Aᵀ·V (V read in place, row stride S) and the logits follow. The numbers are
 * {@link DsmilStream}'s up to rounding.
 */
final class DsmilHostPass implements HostPass {

  private static final int QUERY = DsmilAggregator.QUERY_DIM;
  /** 1/√128: the attention's scale of q_i·q_crit. */
  static final float QUERY_SCALE = (float) (1 / Math.sqrt(QUERY));

  private final BlasProjection.HostLinear projection;
  private final int dim;
  private final int classes;
  private final int width; // S
  private final float[] stackedWeight; // [S, D]
  private final float[] stackedBias; // [S]
  private final float[] queryWeight; // W₂ [128, 128]
  private final float[] queryBias; // b₂ [128]
  private final float[] bagWeight; // the Conv1d's [C, C, D]
  private final float[] bagBias; // [C]

  DsmilHostPass(DsmilAggregator aggregator, InstanceProjection projection, ParameterStore ps) {
    this.projection = BlasProjection.HostLinear.of(projection, ps);
    this.dim = aggregator.dim();
    this.classes = aggregator.classes();
    DsmilAggregator.HostWeights w = aggregator.hostWeights(ps);
    stackedWeight = w.stackedWeight();
    stackedBias = w.stackedBias();
    width = stackedBias.length;
    queryWeight = w.head().queryWeight();
    queryBias = w.head().queryBias();
    bagWeight = w.head().bagWeight();
    bagBias = w.head().bagBias();
  }

  @Override
  public HostExplanation explain(BlasProjection blas, MemorySegment x, int rows, HostDropout.Mask dropout, boolean embedding) {
    // OpenBLAS writes these Java arrays in place; the values stay in `products` until B is made.
    float[] products = new float[Math.multiplyExact(rows, width)];
    float[] queries = new float[rows * QUERY];
    MemorySegment all = MemorySegment.ofArray(products);
    MemorySegment allQueries = MemorySegment.ofArray(queries);
    MemorySegment weights = MemorySegment.ofArray(stackedWeight);
    MemorySegment queryWeights = MemorySegment.ofArray(queryWeight);
    blas.projectUnits(projection, x, rows, dropout, 0, (unit, from, to, h, none) -> {
      int n = to - from;
      for (int i = from; i < to; i++) {
        System.arraycopy(stackedBias, 0, products, i * width, width);
        System.arraycopy(queryBias, 0, queries, i * QUERY, QUERY);
      }
      MemorySegment p = all.asSlice((long) from * width * Float.BYTES);
      blas.blas().sgemmNT(n, width, dim, 1f, h, dim, weights, dim, 1f, p, width);
      for (int i = from; i < to; i++) {
        ActivationKind.RELU.applyInPlace(products, i * width + classes, (i + 1) * width);
      }
      blas.blas().sgemmNT(n, QUERY, QUERY, 1f, p.asSlice((long) classes * Float.BYTES), width, queryWeights, QUERY, 1f,
          allQueries.asSlice((long) from * QUERY * Float.BYTES), QUERY);
      ActivationKind.TANH.applyInPlace(queries, from * QUERY, to * QUERY);
    });
    return finish(blas, products, queries, rows); // with B, which it makes anyway
  }

  /**
   * Each class's critical instance: the row with its highest logit, the first on ties (as
   * libtorch's arg-max), the logits being {@code logits[i·stride + c]} for row i and class c.
   */
  static int[] criticalInstances(float[] logits, int stride, int rows, int classes) {
    int[] critical = new int[classes];
    for (int c = 0; c < classes; c++) {
      int best = 0;
      for (int i = 1; i < rows; i++) {
        if (logits[i * stride + c] > logits[best * stride + c]) {
          best = i;
        }
      }
      critical[c] = best;
    }
    return critical;
  }

  /** The critical instances' queries, {@code [C, 128]}, from the instances' ({@code [N, 128]}). */
  static float[] criticalQueries(float[] queries, int[] critical) {
    float[] out = new float[critical.length * QUERY];
    for (int c = 0; c < critical.length; c++) {
      System.arraycopy(queries, critical[c] * QUERY, out, c * QUERY, QUERY);
    }
    return out;
  }

  /** A = softmax over the instances of q_i·q_crit/√128, {@code [rows, C]}. */
  static float[] attention(OpenBlas blas, float[] queries, int rows, float[] criticalQueries, int classes) {
    float[] attention = new float[rows * classes];
    blas.sgemmNT(rows, classes, QUERY, QUERY_SCALE, MemorySegment.ofArray(queries), QUERY,
        MemorySegment.ofArray(criticalQueries), QUERY, 0f, MemorySegment.ofArray(attention), classes);
    for (int c = 0; c < classes; c++) {
      HostSoftmax.of(attention, c, classes, rows, attention, c, classes); // over the instances
    }
    return attention;
  }

  /**
   * The logits {@code [C]}: 0.5·the bag classifier's ({@code bagWeight} {@code [C, C, D]} over B
   * {@code [C, D]}, plus {@code bagBias}) + 0.5·each class's largest instance logit.
   */
  static float[] logits(float[] bagWeight, float[] bagBias, float[] bag, float[] maxLogits) {
    int classes = bagBias.length;
    float[] logits = new float[classes];
    for (int c = 0; c < classes; c++) {
      double z = bagBias[c];
      for (int k = 0; k < bag.length; k++) {
        z += bagWeight[c * bag.length + k] * (double) bag[k];
      }
      logits[c] = (float) (0.5 * z + 0.5 * maxLogits[c]);
    }
    return logits;
  }

  private HostExplanation finish(BlasProjection blas, float[] products, float[] queries, int rows) {
    int[] critical = criticalInstances(products, width, rows, classes);
    float[] maxLogits = new float[classes];
    for (int c = 0; c < classes; c++) {
      maxLogits[c] = products[critical[c] * width + c];
    }
    float[] attention = attention(blas.blas(), queries, rows, criticalQueries(queries, critical), classes);
    float[] bag = new float[classes * dim]; // B = Aᵀ·V
    blas.blas().sgemmTN(classes, dim, rows, 1f, MemorySegment.ofArray(attention), classes,
        MemorySegment.ofArray(products).asSlice((long) (classes + QUERY) * Float.BYTES), width, 0f,
        MemorySegment.ofArray(bag), dim);
    float[] logits = logits(bagWeight, bagBias, bag, maxLogits);
    float[] probs = new float[rows * classes];
    float[] scores = new float[rows];
    float[] instanceAttention = new float[rows];
    for (int i = 0; i < rows; i++) {
      scores[i] = HostSoftmax.of(products, i * width, 1, classes, probs, i * classes, 1); // the largest logit
      float a = attention[i * classes];
      for (int c = 1; c < classes; c++) {
        a = Math.max(a, attention[i * classes + c]);
      }
      instanceAttention[i] = a;
    }
    return new HostExplanation(logits, probs, scores, instanceAttention, bag);
  }
}
