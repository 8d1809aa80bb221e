package org.mhim.viewer.mil;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;

/**
 * The global recycle network of MHIM (the reference's {@code Merge}): of the L instances left
 * after masking, the first ⌊L·keepRatio⌋ in permuted order stay as tokens; the others are
 * summarised by a cross-attention whose queries are k global tokens, and the k results are
 * appended. The global tokens are not trained by gradient; after each training use they move
 * towards the output by EMA ({@link #updateGlobalQueries}).
 *
 * <p>Inputs: {@code tokens} [L, D] in permuted order, or {@code tokens} [T, D] plus {@code order}
 * [L] (int64 row indices into tokens, permuted). Training output: {@code [keep + k, D]} tokens and
 * the k recycled tokens [k, D] (what the EMA moves towards). Inference output: all L tokens
 * followed by the k tokens recycled from all of them, and again the k tokens.
 *
 * <p>Parameters carry the reference's names below {@code merge.} so a checkpoint maps one to one:
 * {@code norm.weight}, {@code norm.bias}, {@code attn.to_kv.weight}, {@code attn.to_q.weight},
 * {@code attn.to_out.0.weight}, {@code attn.to_out.0.bias}, {@code global_q_mm} ([1, k, D], as the
 * reference stores it).
 */
public final class GlobalRecycleNetwork extends AbstractBlock {

  private static final byte VERSION = 1;
  private static final float LAYER_NORM_EPSILON = 1e-5f;

  private final int dim;
  private final int heads;
  private final int headDim;
  private final int queries;
  private final double keepRatio;
  private final double momentum;
  private final float dropout;

  private final Parameter normWeight;
  private final Parameter normBias;
  private final Parameter toKv;
  private final Parameter toQ;
  private final Parameter toOutWeight;
  private final Parameter toOutBias;
  private final Parameter globalQueries;

  private GlobalRecycleNetwork(Builder builder) {
    super(VERSION);
    dim = builder.dim;
    heads = builder.heads;
    headDim = builder.headDim;
    queries = builder.queries;
    keepRatio = builder.keepRatio;
    momentum = builder.momentum;
    dropout = builder.dropout;
    int inner = heads * headDim;
    // Xavier normal: std = sqrt(2 / (fan_in + fan_out)), as nn.init.xavier_normal_.
    Initializer xavier =
        new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.AVG, 1);
    normWeight = addParameter(parameter("norm.weight", Parameter.Type.GAMMA, new Shape(dim), null, true));
    normBias = addParameter(parameter("norm.bias", Parameter.Type.BETA, new Shape(dim), null, true));
    toKv = addParameter(parameter("attn.to_kv.weight", Parameter.Type.WEIGHT, new Shape(2L * inner, dim), xavier, true));
    toQ = addParameter(parameter("attn.to_q.weight", Parameter.Type.WEIGHT, new Shape(inner, dim), xavier, true));
    toOutWeight =
        addParameter(parameter("attn.to_out.0.weight", Parameter.Type.WEIGHT, new Shape(dim, inner), xavier, true));
    toOutBias = addParameter(parameter("attn.to_out.0.bias", Parameter.Type.BIAS, new Shape(dim), null, true));
    // VPT-style bound sqrt(6 / (3·16·16 + D)), as the reference initialises its global queries.
    float bound = (float) Math.sqrt(6.0 / (3 * 16 * 16 + dim));
    globalQueries =
        addParameter(
            parameter("global_q_mm", Parameter.Type.OTHER, new Shape(1, queries, dim), new UniformInitializer(bound), false));
  }

  private static Parameter parameter(String name, Parameter.Type type, Shape shape, Initializer init, boolean grad) {
    Parameter.Builder b = Parameter.builder().setName(name).setType(type).optShape(shape).optRequiresGrad(grad);
    if (init != null) {
      b.optInitializer(init);
    }
    return b.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** How many of {@code remaining} instances stay as tokens: ⌊remaining·keepRatio⌋. */
  public int keepCount(int remaining) {
    return (int) Math.floor(remaining * keepRatio);
  }

  /** The number of global query tokens k appended to the kept ones. */
  public int queryCount() {
    return queries;
  }

  /** The EMA momentum of the global queries ({@code merge_mm}). */
  public double momentum() {
    return momentum;
  }

  /** The global query tokens themselves, [1, k, D] (the live parameter: copy before changing it). */
  public NDArray globalQueries() {
    return globalQueries.getArray();
  }

  /**
   * Moves the global queries towards the recycled tokens: q ← m·q + (1−m)·z, without gradient.
   *
   * @param recycled the k recycled tokens of the last training forward, [k, D]
   */
  public void updateGlobalQueries(NDArray recycled) {
    if (recycled.getShape().size() != globalQueries.getArray().getShape().size()) {
      throw new IllegalArgumentException(
          "recycled tokens " + recycled.getShape() + " do not match the global queries " + globalQueries.getShape());
    }
    try (NDArray detached = recycled.stopGradient();
        NDArray target = detached.reshape(globalQueries.getArray().getShape())) {
      EmaTeacher.blend(globalQueries.getArray(), target, momentum);
    }
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray tokens = inputs.get(0); // [T, D]
    if (inputs.size() > 1) {
      tokens = tokens.get(new NDIndex("{}", inputs.get(1))); // [L, D] in permuted order
    }
    long remaining = tokens.getShape().get(0);
    Device device = tokens.getDevice();
    if (!training) {
      NDArray recycled = recycle(parameterStore, device, tokens, false); // [k, D]
      return new NDList(tokens.concat(recycled, 0), recycled); // [L + k, D], [k, D]
    }
    int keep = keepCount(Math.toIntExact(remaining));
    NDArray kept = tokens.get(new NDIndex(":{}", keep)); // [keep, D]
    NDArray rest = tokens.get(new NDIndex("{}:", keep)); // [L − keep, D], empty when all stay
    return forwardSplit(parameterStore, kept, rest);
  }

  /**
   * The training forward with the instances already split: {@code kept} ({@code [keep, D]}, the
   * first {@link #keepCount} in permuted order) and {@code rest} ({@code [L − keep, D]}, the others
   * in permuted order). The same as {@link #forward} on their concatenation, without slicing one
   * array in two (whose backward pass fills and adds two zero arrays of the whole sequence's size).
   *
   * @return {@code [keep + k, D]} tokens and the k recycled tokens {@code [k, D]} (none when
   *     {@code rest} is empty)
   */
  public NDList forwardSplit(ParameterStore parameterStore, NDArray kept, NDArray rest) {
    if (rest.getShape().get(0) == 0) {
      // Nothing left to recycle: the reference would attend over an empty set (NaN); we append nothing.
      return new NDList(kept, kept.getManager().create(new Shape(0, dim), DataType.FLOAT32, kept.getDevice()));
    }
    NDArray recycled = recycle(parameterStore, kept.getDevice(), rest, true); // [k, D]
    return new NDList(kept.concat(recycled, 0), recycled); // [keep + k, D], [k, D]
  }

  /**
   * Cross-attention of the k global queries over {@code source} [M, D] → [k, D].
   *
   * <p>Computed in an order that never forms the keys and values of the M sources: per head h,
   * q·k_i = q·(W_k,h x_i) = (W_k,hᵀ q)·x_i and Σ_i a_i W_v,h x_i = W_v,h (Σ_i a_i x_i), with x_i
   * the normalised sources. The products over the M sources then have k·heads (8) columns instead
   * of 2·heads·headDim (1,024), forward and backward; the values are the reference's up to
   * rounding.
   */
  private NDArray recycle(ParameterStore ps, Device device, NDArray source, boolean training) {
    NDArray gamma = ps.getValue(normWeight, device, training);
    NDArray beta = ps.getValue(normBias, device, training);
    NDArray q0 = ps.getValue(globalQueries, device, training).stopGradient().reshape(queries, dim); // [k, D]
    Shape normalized = new Shape(dim);
    NDArray x = LayerNorm.layerNorm(source, normalized, gamma, beta, LAYER_NORM_EPSILON).head(); // [M, D]
    NDArray qn = LayerNorm.layerNorm(q0, normalized, gamma, beta, LAYER_NORM_EPSILON).head(); // [k, D]
    long m = x.getShape().get(0);
    int inner = heads * headDim;
    // split, not two slices: a slice's backward pass fills a zero array of the weight's size for each half.
    NDList weights = ps.getValue(toKv, device, training).split(2, 0); // W_k, W_v: [inner, D] each
    NDArray wk = weights.get(0).reshape(heads, headDim, dim); // [h, dh, D]
    NDArray wv = weights.get(1).reshape(heads, headDim, dim); // [h, dh, D]
    NDArray q =
        Linear.linear(qn, ps.getValue(toQ, device, training)).head()
            .reshape(queries, heads, headDim)
            .transpose(1, 0, 2); // [h, k, dh]
    // u = W_kᵀ q per head, scaled: the queries moved to the sources' side of the product.
    NDArray u = Scalars.mul(q.matMul(wk), (float) (1.0 / Math.sqrt(headDim))); // [h, k, D]
    NDArray dots = u.reshape((long) heads * queries, dim).matMul(x.transpose()).reshape(heads, queries, m); // [h, k, M]
    NDArray attention = Dropout.dropout(dots.softmax(-1), dropout, training).head(); // [h, k, M]
    NDArray pooled = attention.reshape((long) heads * queries, m).matMul(x).reshape(heads, queries, dim); // [h, k, D]
    NDArray out = pooled.matMul(wv.transpose(0, 2, 1)).transpose(1, 0, 2).reshape(queries, inner); // [k, inner]
    NDArray projected =
        Linear.linear(out, ps.getValue(toOutWeight, device, training), ps.getValue(toOutBias, device, training))
            .head(); // [k, D]
    return Dropout.dropout(projected, dropout, training).head();
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long length = inputShapes.length > 1 ? inputShapes[1].get(0) : inputShapes[0].get(0);
    return new Shape[] {new Shape(length + queries, dim), new Shape(queries, dim)};
  }

  /** Builds a {@link GlobalRecycleNetwork}; {@code setDim} is required. */
  public static final class Builder {
    private int dim = -1;
    private int heads = 8;
    private int headDim = 64;
    private int queries = 1;
    private double keepRatio = 0.8;
    private double momentum = 0.9999;
    private float dropout = 0.1f;

    private Builder() {}

    /** The token dimension D ({@code mlp_dim}). */
    public Builder setDim(int dim) {
      this.dim = dim;
      return this;
    }

    /** Attention heads (8). */
    public Builder optHeads(int heads) {
      this.heads = heads;
      return this;
    }

    /** Dimension per head (64). */
    public Builder optHeadDim(int headDim) {
      this.headDim = headDim;
      return this;
    }

    /** Global query tokens k ({@code merge_k}, 1). */
    public Builder optQueries(int queries) {
      this.queries = queries;
      return this;
    }

    /** Fraction of the remaining instances kept as tokens ({@code merge_ratio}, 0.8). */
    public Builder optKeepRatio(double keepRatio) {
      this.keepRatio = keepRatio;
      return this;
    }

    /** EMA momentum of the global queries ({@code merge_mm}, 0.9999). */
    public Builder optMomentum(double momentum) {
      this.momentum = momentum;
      return this;
    }

    /** Dropout on the attention and the output (0.1). */
    public Builder optDropout(float dropout) {
      this.dropout = dropout;
      return this;
    }

    public GlobalRecycleNetwork build() {
      if (dim < 1) {
        throw new IllegalArgumentException("recycle network needs a positive dimension, got " + dim);
      }
      if (heads < 1 || headDim < 1 || queries < 1) {
        throw new IllegalArgumentException(
            "heads, head dimension and queries must be positive: " + heads + ", " + headDim + ", " + queries);
      }
      if (!(keepRatio >= 0 && keepRatio <= 1)) {
        throw new IllegalArgumentException("keep ratio must be in [0, 1], got " + keepRatio);
      }
      if (!(momentum >= 0 && momentum <= 1)) {
        throw new IllegalArgumentException("global query momentum must be in [0, 1], got " + momentum);
      }
      if (!(dropout >= 0 && dropout < 1)) {
        throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
      }
      return new GlobalRecycleNetwork(this);
    }
  }
}
