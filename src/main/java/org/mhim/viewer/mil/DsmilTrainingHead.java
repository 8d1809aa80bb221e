package org.mhim.viewer.mil;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * DSMIL's student past its stacked input layer, forward and backward written out for the training
 * step on the CPU: from the stacked product P = T·Sᵀ + b ({@code [N, S]}: instance logits, the
 * query net's first layer, the values, padding; see {@link DsmilAggregator#inputLayers}) to the
 * losses, and back to dLoss/dP, which libtorch's backward then carries through the stacked layer
 * and the tokens. libtorch runs this part as some thirty small operators whose costs do not follow
 * their arithmetic (on 7,761 tokens: a 128-column bias sum of 8 ms, products two columns wide of
 * 2–3 ms each, a convolution's buffer of 4 ms, in its profiler); here it is two passes over the
 * values and a few products with OpenBLAS. The numbers are autograd's up to rounding.
 *
 * <p>One head per step: it copies the weights it owns (the query net's second layer and the bag
 * classifier) when made, and returns their gradients for the caller to add.
 */
final class DsmilTrainingHead {

  private static final int QUERY = DsmilAggregator.QUERY_DIM;
  /** Rows per part of a pass split among the threads. */
  private static final int MIN_PART_ROWS = 256;
  /** Rows whose values one product of the backward pass takes at a time. */
  private static final int BLOCK_ROWS = 64;

  private final OpenBlas blas;
  private final ParallelRanges threads;
  private final int dim;
  private final int classes;
  private final int width; // S
  private final float[] queryWeight; // W₂ [128 out, 128 in]
  private final float[] queryBias;
  private final float[] bagWeight; // [C, C, D]
  private final float[] bagBias;

  /**
   * What the head gives the step.
   *
   * @param logits {@code [C]}: 0.5·bag logits + 0.5·the largest instance logits
   * @param gradients the gradients of {@link DsmilAggregator#headParameters()}, in that order
   */
  record Outcome(float[] logits, double ce, double aux, double total, float[][] gradients) {}

  DsmilTrainingHead(DsmilAggregator aggregator, DsmilAggregator.HeadWeights weights, OpenBlas blas, ParallelRanges threads) {
    this.blas = blas;
    this.threads = threads;
    this.dim = aggregator.dim();
    this.classes = aggregator.classes();
    this.width = aggregator.stackedRows();
    this.queryWeight = weights.queryWeight();
    this.queryBias = weights.queryBias();
    this.bagWeight = weights.bagWeight();
    this.bagBias = weights.bagBias();
  }

  /**
   * Forward and backward over {@code n} tokens.
   *
   * @param products P, {@code [n, S]} float32 row-major (read only)
   * @param teacher the teacher's bag matrix, {@code [C, D]}
   * @param productGradient where dLoss/dP goes, {@code [n, S]}: every value is written
   */
  Outcome run(MemorySegment products, int n, float[] teacher, int label, double auxAlpha, ConsistencyLoss consistency,
      MemorySegment productGradient) {
    if (products.byteSize() != (long) n * width * Float.BYTES || productGradient.byteSize() != products.byteSize()) {
      throw new IllegalArgumentException("the stacked product must be [" + n + ", " + width + "]");
    }
    // Forward, by rows: the instance logits and the query net's hidden layer (ReLU'd) come to the
    // heap, then the queries tanh(hidden·W₂ᵀ + b₂).
    float[] instance = new float[n * classes];
    float[] hidden = new float[n * QUERY];
    float[] queries = new float[n * QUERY];
    MemorySegment hiddenMemory = MemorySegment.ofArray(hidden);
    MemorySegment queryMemory = MemorySegment.ofArray(queries);
    threads.run(n, MIN_PART_ROWS, (from, to) -> {
      for (int i = from; i < to; i++) {
        long row = (long) i * width * Float.BYTES;
        MemorySegment.copy(products, ValueLayout.JAVA_FLOAT, row, instance, i * classes, classes);
        MemorySegment.copy(products, ValueLayout.JAVA_FLOAT, row + (long) classes * Float.BYTES, hidden, i * QUERY, QUERY);
        System.arraycopy(queryBias, 0, queries, i * QUERY, QUERY);
      }
      ActivationKind.RELU.applyInPlace(hidden, from * QUERY, to * QUERY);
      blas.sgemmNT(to - from, QUERY, QUERY, 1f, rowsOf(hiddenMemory, from, QUERY), QUERY,
          MemorySegment.ofArray(queryWeight), QUERY, 1f, rowsOf(queryMemory, from, QUERY), QUERY);
      ActivationKind.TANH.applyInPlace(queries, from * QUERY, to * QUERY);
    });
    int[] critical = DsmilHostPass.criticalInstances(instance, classes, n, classes);
    float[] criticalQueries = DsmilHostPass.criticalQueries(queries, critical);
    float[] attention = DsmilHostPass.attention(blas, queries, n, criticalQueries, classes);
    float[] bag = sumOverParts(n, classes * dim, (from, to, sum) -> addBagRows(products, attention, from, to, sum));
    float[] maxLogits = new float[classes];
    for (int c = 0; c < classes; c++) {
      maxLogits[c] = instance[critical[c] * classes + c];
    }
    float[] logits = DsmilHostPass.logits(bagWeight, bagBias, bag, maxLogits);
    float[] probabilities = HostSoftmax.of(logits);
    double ce = logSumExp(logits) - logits[label]; // not −log p: exact also where p is close to 1
    double tempS = consistency.studentTemperature();
    double tempT = consistency.teacherTemperature();
    float[] studentScaled = new float[dim];
    float[] teacherScaled = new float[dim];
    float[] studentSoft = new float[classes * dim]; // softmax(B/τ_s) per row
    float[] target = new float[classes * dim]; // softmax(teacher/τ_t) per row
    double aux = 0;
    for (int c = 0; c < classes; c++) {
      for (int d = 0; d < dim; d++) {
        studentScaled[d] = (float) (bag[c * dim + d] / tempS);
        teacherScaled[d] = (float) (teacher[c * dim + d] / tempT);
      }
      HostSoftmax.of(studentScaled, 0, 1, dim, studentSoft, c * dim, 1);
      double logSum = logSumExp(studentScaled);
      HostSoftmax.of(teacherScaled, 0, 1, dim, target, c * dim, 1);
      double row = 0;
      for (int d = 0; d < dim; d++) {
        row -= target[c * dim + d] * (studentScaled[d] - logSum);
      }
      aux += row / classes;
    }
    double total = ce + auxAlpha * aux;

    // Backward: the logits (half bag stream, half the largest instance logit), the bag classifier.
    float[] bagWeightGradient = new float[bagWeight.length];
    float[] bagBiasGradient = new float[classes];
    float[] bagGradient = new float[classes * dim]; // dLoss/dB
    float[] maxGradient = new float[classes];
    for (int c = 0; c < classes; c++) {
      float dLogit = probabilities[c] - (c == label ? 1f : 0f);
      float dBagLogit = 0.5f * dLogit;
      maxGradient[c] = 0.5f * dLogit;
      bagBiasGradient[c] = dBagLogit;
      for (int k = 0; k < classes * dim; k++) {
        bagWeightGradient[c * classes * dim + k] = dBagLogit * bag[k];
        bagGradient[k] += dBagLogit * bagWeight[c * classes * dim + k];
      }
    }
    // The consistency loss: d/dB_c = α/C · (softmax(B_c/τ_s)·Σ target_c − target_c) / τ_s.
    for (int c = 0; c < classes; c++) {
      double targetSum = 0;
      for (int d = 0; d < dim; d++) {
        targetSum += target[c * dim + d];
      }
      float scale = (float) (auxAlpha / classes / tempS);
      for (int d = 0; d < dim; d++) {
        bagGradient[c * dim + d] += scale * (float) (studentSoft[c * dim + d] * targetSum - target[c * dim + d]);
      }
    }
    // B = Aᵀ·relu(V): dA = relu(V)·dBᵀ, dV = A·dB where V > 0, written into dP's value columns.
    float[] attentionGradient = new float[n * classes];
    threads.run(n, MIN_PART_ROWS, (from, to) ->
        valuesBackward(products, attention, bagGradient, attentionGradient, productGradient, from, to));
    // Softmax over instances, then q_i·q_crit/√128.
    for (int c = 0; c < classes; c++) {
      double dot = 0;
      for (int i = 0; i < n; i++) {
        dot += attention[i * classes + c] * (double) attentionGradient[i * classes + c];
      }
      for (int i = 0; i < n; i++) {
        int at = i * classes + c;
        attentionGradient[at] = (float) (attention[at] * (attentionGradient[at] - dot)); // now d(logits of A)
      }
    }
    // dQ = d(logits of A)·Q_crit/√128, dQ_crit = d(logits of A)ᵀ·Q/√128.
    float[] queryGradient = new float[n * QUERY]; // dQ, then d(tanh's input)
    MemorySegment logitGradientMemory = MemorySegment.ofArray(attentionGradient);
    float[] criticalGradient = sumOverParts(n, classes * QUERY, (from, to, sum) -> {
      blas.sgemmNN(to - from, QUERY, classes, DsmilHostPass.QUERY_SCALE, rowsOf(logitGradientMemory, from, classes), classes,
          MemorySegment.ofArray(criticalQueries), QUERY, 0f, rowsOf(MemorySegment.ofArray(queryGradient), from, QUERY),
          QUERY);
      blas.sgemmTN(classes, QUERY, to - from, DsmilHostPass.QUERY_SCALE, rowsOf(logitGradientMemory, from, classes), classes,
          rowsOf(queryMemory, from, QUERY), QUERY, 0f, MemorySegment.ofArray(sum), QUERY);
    });
    for (int c = 0; c < classes; c++) { // Q_crit is Q's rows at the critical instances
      for (int o = 0; o < QUERY; o++) {
        queryGradient[critical[c] * QUERY + o] += criticalGradient[c * QUERY + o];
      }
    }
    MemorySegment queryGradientMemory = MemorySegment.ofArray(queryGradient);
    float[] hiddenGradient = new float[n * QUERY];
    MemorySegment hiddenGradientMemory = MemorySegment.ofArray(hiddenGradient);
    // tanh, the second layer (its weight and bias gradients summed over the parts), the ReLU.
    float[] queryLayerGradient = sumOverParts(n, QUERY * QUERY + QUERY, (from, to, sum) -> {
      for (int k = from * QUERY; k < to * QUERY; k++) {
        queryGradient[k] *= 1 - queries[k] * queries[k];
      }
      for (int i = from; i < to; i++) {
        for (int o = 0; o < QUERY; o++) {
          sum[QUERY * QUERY + o] += queryGradient[i * QUERY + o];
        }
      }
      blas.sgemmTN(QUERY, QUERY, to - from, 1f, rowsOf(queryGradientMemory, from, QUERY), QUERY,
          rowsOf(hiddenMemory, from, QUERY), QUERY, 1f, MemorySegment.ofArray(sum), QUERY);
      blas.sgemmNN(to - from, QUERY, QUERY, 1f, rowsOf(queryGradientMemory, from, QUERY), QUERY,
          MemorySegment.ofArray(queryWeight), QUERY, 0f, rowsOf(hiddenGradientMemory, from, QUERY), QUERY);
      for (int k = from * QUERY; k < to * QUERY; k++) {
        hiddenGradient[k] *= Math.signum(hidden[k]); // hidden is ReLU'd: 1 where > 0, else 0
      }
    });
    // dP's other columns: the instance logits (only each class's largest has a gradient), the
    // hidden layer, the padding.
    threads.run(n, MIN_PART_ROWS, (from, to) -> {
      float[] row = new float[classes + QUERY];
      float[] padding = new float[width - classes - QUERY - dim];
      for (int i = from; i < to; i++) {
        for (int c = 0; c < classes; c++) {
          row[c] = critical[c] == i ? maxGradient[c] : 0f;
        }
        System.arraycopy(hiddenGradient, i * QUERY, row, classes, QUERY);
        long at = (long) i * width * Float.BYTES;
        MemorySegment.copy(row, 0, productGradient, ValueLayout.JAVA_FLOAT, at, row.length);
        MemorySegment.copy(padding, 0, productGradient, ValueLayout.JAVA_FLOAT,
            at + (long) (classes + QUERY + dim) * Float.BYTES, padding.length);
      }
    });
    float[] queryWeightGradient = new float[QUERY * QUERY];
    float[] queryBiasGradient = new float[QUERY];
    System.arraycopy(queryLayerGradient, 0, queryWeightGradient, 0, QUERY * QUERY);
    System.arraycopy(queryLayerGradient, QUERY * QUERY, queryBiasGradient, 0, QUERY);
    return new Outcome(logits, ce, aux, total,
        new float[][] {queryWeightGradient, queryBiasGradient, bagWeightGradient, bagBiasGradient});
  }

  private static double logSumExp(float[] v) {
    double max = Double.NEGATIVE_INFINITY;
    for (float x : v) {
      max = Math.max(max, x);
    }
    double sum = 0;
    for (float x : v) {
      sum += Math.exp(x - max);
    }
    return max + Math.log(sum);
  }

  /** Adds Σ A[i, c]·relu(V_i) over rows {@code from..to} to row c of {@code sum} ({@code [C, D]}). */
  private void addBagRows(MemorySegment products, float[] attention, int from, int to, float[] sum) {
    float[] values = new float[BLOCK_ROWS * dim];
    for (int start = from; start < to; start += BLOCK_ROWS) {
      int rows = Math.min(BLOCK_ROWS, to - start);
      reluValues(products, start, rows, values);
      blas.sgemmTN(classes, dim, rows, 1f, rowsOf(MemorySegment.ofArray(attention), start, classes), classes,
          MemorySegment.ofArray(values), dim, 1f, MemorySegment.ofArray(sum), dim);
    }
  }

  /** relu(V) of rows {@code start..start+rows} into {@code values} ({@code [rows, D]}). */
  private void reluValues(MemorySegment products, int start, int rows, float[] values) {
    for (int r = 0; r < rows; r++) {
      long at = ((long) (start + r) * width + classes + QUERY) * Float.BYTES;
      MemorySegment.copy(products, ValueLayout.JAVA_FLOAT, at, values, r * dim, dim);
    }
    ActivationKind.RELU.applyInPlace(values, 0, rows * dim);
  }

  /**
   * For rows {@code from..to}, a block of rows at a time: dA = relu(V)·dBᵀ, and dV = A·dB where
   * V > 0 into the value columns of dP.
   */
  private void valuesBackward(MemorySegment products, float[] attention, float[] bagGradient, float[] attentionGradient,
      MemorySegment productGradient, int from, int to) {
    float[] values = new float[BLOCK_ROWS * dim];
    float[] out = new float[BLOCK_ROWS * dim];
    MemorySegment valueMemory = MemorySegment.ofArray(values);
    MemorySegment outMemory = MemorySegment.ofArray(out);
    for (int start = from; start < to; start += BLOCK_ROWS) {
      int rows = Math.min(BLOCK_ROWS, to - start);
      reluValues(products, start, rows, values);
      blas.sgemmNT(rows, classes, dim, 1f, valueMemory, dim, MemorySegment.ofArray(bagGradient), dim, 0f,
          rowsOf(MemorySegment.ofArray(attentionGradient), start, classes), classes);
      blas.sgemmNN(rows, dim, classes, 1f, rowsOf(MemorySegment.ofArray(attention), start, classes), classes,
          MemorySegment.ofArray(bagGradient), dim, 0f, outMemory, dim);
      for (int k = 0; k < rows * dim; k++) {
        out[k] *= Math.signum(values[k]); // relu(V) ≥ 0: 1 where V > 0, else 0, without a branch
      }
      for (int r = 0; r < rows; r++) {
        MemorySegment.copy(out, r * dim, productGradient, ValueLayout.JAVA_FLOAT,
            ((long) (start + r) * width + classes + QUERY) * Float.BYTES, dim);
      }
    }
  }

  /** Rows {@code from..} of a row-major matrix with {@code columns} floats a row. */
  private static MemorySegment rowsOf(MemorySegment matrix, int from, int columns) {
    return matrix.asSlice((long) from * columns * Float.BYTES);
  }

  /** A part of a sum over rows: adds rows {@code from..to}'s terms into {@code sum}. */
  @FunctionalInterface
  private interface PartSum {
    void add(int from, int to, float[] sum);
  }

  /**
   * Σ over the rows split among the threads, each part into its own array; the parts are added in
   * row order, so the result does not depend on which thread finished first.
   */
  private float[] sumOverParts(int n, int size, PartSum part) {
    ConcurrentSkipListMap<Integer, float[]> parts = new ConcurrentSkipListMap<>();
    threads.run(n, MIN_PART_ROWS, (from, to) -> {
      float[] sum = new float[size];
      part.add(from, to, sum);
      parts.put(from, sum);
    });
    float[] total = new float[size];
    for (float[] sum : parts.values()) {
      for (int k = 0; k < size; k++) {
        total[k] += sum[k];
      }
    }
    return total;
  }
}
