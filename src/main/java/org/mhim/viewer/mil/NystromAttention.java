package org.mhim.viewer.mil;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Nyström self-attention as TransMIL uses it: the sequence is left-padded with zeros to a
 * multiple of the landmarks, landmarks are means of consecutive groups of queries and keys, the
 * landmark kernel is inverted by Moore–Penrose iterations, and a depth-wise convolution over the
 * values (kernel 33 along the sequence) is added. Memory is linear in the sequence length: the
 * largest tensors are {@code [heads, n, landmarks]}.
 *
 * <p>Reference names: {@code to_qkv.weight}, {@code to_out.0.weight}, {@code to_out.0.bias},
 * {@code res_conv.weight}.
 */
public final class NystromAttention extends AbstractBlock {

  private static final byte VERSION = 1;
  public static final int RESIDUAL_KERNEL = 33;
  /** Rows of the Nyström kernel formed at once. */
  private static final long ROW_BLOCK = 8192;

  private final int dim;
  private final int heads;
  private final int dimHead;
  private final int landmarks;
  private final int pinvIterations;
  private final float dropout;
  private final Linear toQkv;
  private final Linear toOut;
  private final Conv2d resConv;

  /**
   * One attention pass over a sequence of n tokens whose first is the class token.
   *
   * @param output {@code [n, dim]}
   * @param classAttention {@code [heads, n-1]}: how the class token attends to the other tokens
   *     (null unless explained)
   * @param values {@code [heads, n-1, dim_head]}: the values of the other tokens (null unless
   *     explained)
   */
  public record Output(NDArray output, NDArray classAttention, NDArray values) {}

  private NystromAttention(Builder builder) {
    super(VERSION);
    dim = builder.dim;
    heads = builder.heads;
    dimHead = builder.dimHead;
    landmarks = builder.landmarks;
    pinvIterations = builder.pinvIterations;
    dropout = builder.dropout;
    int inner = heads * dimHead;
    toQkv = addChildBlock("to_qkv", Linear.builder().setUnits(3L * inner).optBias(false).build());
    toOut = addChildBlock("to_out.0", Linear.builder().setUnits(dim).build());
    resConv =
        addChildBlock(
            "res_conv",
            Conv2d.builder()
                .setKernelShape(new Shape(RESIDUAL_KERNEL, 1))
                .optPadding(new Shape(RESIDUAL_KERNEL / 2, 0))
                .setFilters(heads)
                .optGroups(heads)
                .optBias(false)
                .build());
    ReferenceInit.linear(toQkv);
    ReferenceInit.linear(toOut);
    ReferenceInit.convolution(resConv, RESIDUAL_KERNEL);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The output projection ({@code to_out}), which the TransMIL instance scores reuse. */
  Linear outputProjection() {
    return toOut;
  }

  float dropoutRate() {
    return dropout;
  }

  int heads() {
    return heads;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(attend(ps, inputs.singletonOrThrow(), training, false).output());
  }

  /**
   * Attends over {@code x} {@code [n, dim]}; with {@code explain}, also the class token's attention.
   * Intermediates live in a scope closed on return, and without autograd the
   * {@code [heads, n, landmarks]} kernel is formed in row blocks, so the peak memory stays a small
   * multiple of the output's.
   */
  public Output attend(ParameterStore ps, NDArray x, boolean training, boolean explain) {
    NDManager outer = x.getManager();
    try (NDManager scope = outer.newSubManager(x.getDevice())) {
      x.tempAttach(scope);
      Output result = attendScoped(ps, x, training, explain, false);
      result.output().attach(outer);
      if (explain) {
        result.classAttention().attach(outer);
        result.values().attach(outer);
      }
      return result;
    }
  }

  /**
   * The output row of the first token (the class token) alone, {@code [1, dim]}: equal to the first
   * row of {@link #attend}'s output. Every token still shapes the landmarks and the values, but
   * the per-token kernel rows, the residual convolution and the output projection are formed for
   * that one row only.
   */
  public NDArray attendFirst(ParameterStore ps, NDArray x, boolean training) {
    NDManager outer = x.getManager();
    try (NDManager scope = outer.newSubManager(x.getDevice())) {
      x.tempAttach(scope);
      NDArray out = attendScoped(ps, x, training, false, true).output();
      out.attach(outer);
      return out;
    }
  }

  private Output attendScoped(ParameterStore ps, NDArray x, boolean training, boolean explain, boolean firstOnly) {
    long n = x.size(0);
    long remainder = n % landmarks;
    if (remainder > 0) {
      NDArray zeros = x.getManager().zeros(new Shape(landmarks - remainder, dim), x.getDataType(), x.getDevice());
      x = NDArrays.concat(new NDList(zeros, x), 0); // [n', dim], zeros first
    }
    long padded = x.size(0);
    long first = padded - n; // the first real token's row
    // q stays unscaled: the scale goes into the landmark means and into the [h, d, m] landmark
    // keys the rows meet, not into a pass over [h, n', d] (the scale is a power of two for
    // dim_head 64 or 16, so these products are the reference's to the bit).
    float scale = (float) Math.pow(dimHead, -0.5);
    long group = padded / landmarks; // ceil(n / m) consecutive tokens per landmark
    long end = firstOnly ? first + 1 : padded; // the rows whose output is formed
    NDArray qRows; // [h, end − first, d] unscaled
    NDArray qLand; // [h, m, d] scaled
    NDArray k; // [h, n', d]
    NDArray valueRows; // [n', h·d]
    if (firstOnly) {
      // The queries meet the keys only as landmark means and as the first row: the query
      // projection being linear (no bias), the means of the projections are the projections of
      // the tokens' group sums (equal up to rounding), so m + 1 rows are projected instead of n'.
      long inner = (long) heads * dimHead;
      NDArray weight = ps.getValue(toQkv.getParameters().get("weight"), x.getDevice(), training); // [3·h·d, dim]
      NDArray wq = Blocks.local(weight.get(new NDIndex().addSliceDim(0, inner)), x); // [h·d, dim]
      NDArray wkv = Blocks.local(weight.get(new NDIndex().addSliceDim(inner, 3 * inner)), x); // [2·h·d, dim]
      NDList kv = x.matMul(wkv.transpose()).split(2, 1); // [n', h·d] twice
      k = heads(kv.get(0), padded);
      valueRows = kv.get(1);
      NDArray sums = x.reshape(landmarks, group, dim).sum(new int[] {1}); // [m, dim]
      NDArray firstToken = x.get(new NDIndex().addSliceDim(first, first + 1)); // [1, dim]
      NDArray projected = NDArrays.concat(new NDList(sums, firstToken), 0).matMul(wq.transpose()); // [m + 1, h·d]
      qLand = Scalars.div(heads(projected.get(new NDIndex().addSliceDim(0, landmarks)), landmarks), group / scale);
      qRows = heads(projected.get(new NDIndex().addSliceDim(landmarks, landmarks + 1)), 1);
    } else {
      NDArray qkv = Blocks.apply(toQkv, ps, x, training); // [n', 3·h·d]
      NDList split = qkv.split(3, 1);
      NDArray q = heads(split.get(0), padded); // [h, n', d] unscaled
      k = heads(split.get(1), padded);
      valueRows = split.get(2);
      qLand = Scalars.div(q.reshape(heads, landmarks, group, dimHead).sum(new int[] {2}), group / scale);
      qRows = q.get(new NDIndex().addAllDim().addSliceDim(first, end));
    }
    NDArray v = heads(valueRows, padded); // [h, n', d]

    NDArray kLand = Scalars.div(k.reshape(heads, landmarks, group, dimHead).sum(new int[] {2}), group); // [h, m, d]
    NDArray kLandT = kLand.transpose(0, 2, 1); // [h, d, m]
    NDArray kLandTScaled = Scalars.mul(kLandT, scale); // [h, d, m]: meets unscaled query rows

    NDArray attn2 = pseudoInverse(qLand.matMul(kLandT).softmax(-1)); // [h, m, m]
    NDArray logits3 = qLand.matMul(k.transpose(0, 2, 1)); // [h, m, n']
    NDArray attn3 = logits3.softmax(-1); // [h, m, n']
    logits3.close();
    NDArray context = attn3.matMul(v); // [h, m, d]

    // Only the real tokens' rows (or only the first's) are formed: the padding rows' outputs are
    // dropped, and the zero padding rows of v are exactly the convolution's own zero padding.
    NDArray out = kernelTimesContext(qRows, kLandTScaled, attn2, context); // [h, r, d]
    long convEnd = firstOnly ? Math.min(padded, first + 1 + RESIDUAL_KERNEL / 2) : padded;
    NDArray values = valueRows.get(new NDIndex().addSliceDim(first, convEnd)); // [r', h·d]
    NDArray residual = residual(ps, values, training); // [r', h·d] (token-major)
    if (firstOnly) {
      residual = residual.get(new NDIndex().addSliceDim(0, 1)); // [1, h·d]
    }
    // residual + out, in that order: the sum takes the residual's token-major layout, so the
    // [r, h·d] view below needs no copy.
    long r = end - first;
    NDArray merged = residual.reshape(r, heads, dimHead).add(out.transpose(1, 0, 2)).reshape(r, (long) heads * dimHead); // [r, h·d]
    merged = Blocks.apply(toOut, ps, merged, training); // [r, dim]
    merged = Blocks.dropout(merged, dropout, training); // [r, dim]
    if (!explain) {
      return new Output(merged, null, null);
    }
    NDArray qCls = qRows.get(new NDIndex().addAllDim().addSliceDim(0, 1)); // [h, 1, d]
    NDArray cls = qCls.matMul(kLandTScaled).softmax(-1); // [h, 1, m]
    cls = cls.matMul(attn2).matMul(attn3).squeeze(1); // [h, n']
    NDArray classAttention = cls.get(new NDIndex().addAllDim().addSliceDim(first + 1, padded)); // [h, n-1]
    NDArray explained = v.get(new NDIndex().addAllDim().addSliceDim(first + 1, padded)); // [h, n-1, d]
    return new Output(merged, classAttention, explained);
  }

  /**
   * Rows of blocks of softmax(q k̃ᵀ) · (pinv · context). The reference multiplies
   * (softmax(q k̃ᵀ) · pinv) · context; the same product associated the other way costs a quarter
   * of the multiply-adds per token (m·d instead of m·m + m·d) and differs only by rounding. With
   * autograd recording, the blocks would all be kept for the backward pass anyway, so the rows are
   * formed at once (no slicing and concatenating, whose backward fills full-size gradients).
   */
  private NDArray kernelTimesContext(NDArray q, NDArray kLandT, NDArray attn2, NDArray context) {
    NDArray mixedContext = attn2.matMul(context); // [h, m, d]
    long length = q.size(1);
    if (length <= ROW_BLOCK || JniUtils.isGradMode()) {
      return q.matMul(kLandT).softmax(-1).matMul(mixedContext); // [h, r, d]
    }
    NDList blocks = new NDList();
    for (long start = 0; start < length; start += ROW_BLOCK) {
      long end = Math.min(length, start + ROW_BLOCK);
      NDArray rows = q.get(new NDIndex().addAllDim().addSliceDim(start, end)); // [h, b, d]
      NDArray attn1 = rows.matMul(kLandT).softmax(-1); // [h, b, m]
      blocks.add(attn1.matMul(mixedContext)); // [h, b, d]
      attn1.close();
    }
    NDArray out = NDArrays.concat(blocks, 1); // [h, r, d]
    blocks.close();
    return out;
  }

  /**
   * The depth-wise residual convolution over the values: per head, a kernel of 33 along the
   * sequence, zero-padded by 16, shared by the head's value channels. The reference convolves
   * {@code [1, h, n', d]} with h kernels; the same sums come from convolving the values' own
   * {@code [n', h·d]} memory, viewed channels-last as {@code [1, h·d, n', 1]}, with each head's
   * kernel repeated for its d channels — no transposed copy, and libtorch's channels-last
   * depth-wise kernel instead of layout conversions.
   *
   * @param values {@code [r, h·d]}
   * @return {@code [r, h·d]}
   */
  private NDArray residual(ParameterStore ps, NDArray values, boolean training) {
    long length = values.size(0);
    long channels = (long) heads * dimHead;
    NDArray weight = ps.getValue(resConv.getParameters().get("weight"), values.getDevice(), training); // [h, 1, 33, 1]
    NDArray perChannel =
        Blocks.local(weight.broadcast(new Shape(heads, dimHead, RESIDUAL_KERNEL, 1)), values)
            .reshape(channels, 1, RESIDUAL_KERNEL, 1); // [h·d, 1, 33, 1]
    NDArray grid = values.reshape(1, length, 1, channels).transpose(0, 3, 1, 2); // [1, h·d, r, 1]
    NDArray conv =
        Conv2d.conv2d(
                grid,
                perChannel,
                null,
                new Shape(1, 1),
                new Shape(RESIDUAL_KERNEL / 2, 0),
                new Shape(1, 1),
                (int) channels)
            .singletonOrThrow(); // [1, h·d, r, 1]
    return conv.transpose(0, 2, 3, 1).reshape(length, channels); // [r, h·d]
  }

  private NDArray heads(NDArray t, long length) {
    return t.reshape(length, heads, dimHead).transpose(1, 0, 2); // [h, n', d]
  }

  /**
   * Iterative Moore–Penrose pseudo-inverse; the initial scale uses the largest row and column sums
   * over all heads, as the reference does.
   */
  private NDArray pseudoInverse(NDArray x) {
    NDArray abs = x.abs(); // [h, m, m]
    NDArray col = abs.sum(new int[] {-1}); // [h, m]
    NDArray row = abs.sum(new int[] {-2}); // [h, m]
    NDArray z = x.transpose(0, 2, 1).div(col.max().mul(row.max())); // [h, m, m]
    NDArray eye = x.getManager().eye(landmarks, landmarks, 0, x.getDataType()).toDevice(x.getDevice(), false).expandDims(0); // [1, m, m]
    NDArray eye7 = Scalars.mul(eye, 7);
    NDArray eye13 = Scalars.mul(eye, 13);
    NDArray eye15 = Scalars.mul(eye, 15);
    // z ← ¼ z (13I − xz (15I − xz (7I − xz))), written with the signs flipped where that keeps the
    // tensor the left operand of each subtraction (xz − 7I, then −xz(7I − xz) + 15I, and
    // (−¼ z)(xz·inner − 13I)): negation is exact, so the values are the same to the bit, and the
    // backward pass needs no negated copy of each [h, m, m] gradient.
    for (int i = 0; i < pinvIterations; i++) {
      NDArray xz = x.matMul(z); // [h, m, m]
      NDArray inner = xz.matMul(xz.sub(eye7)).add(eye15); // [h, m, m] = 15I − xz (7I − xz)
      z = Scalars.mul(z, -0.25f).matMul(xz.matMul(inner).sub(eye13)); // [h, m, m]
    }
    return z;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    toQkv.initialize(manager, dataType, new Shape(1, dim));
    toOut.initialize(manager, dataType, new Shape(1, (long) heads * dimHead));
    resConv.initialize(manager, dataType, new Shape(1, heads, RESIDUAL_KERNEL, dimHead));
  }

  /**
   * Builder: {@code setDim} required; by default 8 heads of {@code dim/8}, {@code dim/2} landmarks,
   * 6 pseudo-inverse iterations, dropout 0.1 after the output projection (the reference's values).
   */
  public static final class Builder {
    private int dim;
    private int heads = 8;
    private int dimHead;
    private int landmarks;
    private int pinvIterations = 6;
    private float dropout = 0.1f;

    private Builder() {}

    public Builder setDim(int dim) {
      this.dim = dim;
      return this;
    }

    public Builder optHeads(int heads) {
      this.heads = heads;
      return this;
    }

    public Builder optDimHead(int dimHead) {
      this.dimHead = dimHead;
      return this;
    }

    public Builder optLandmarks(int landmarks) {
      this.landmarks = landmarks;
      return this;
    }

    public Builder optPinvIterations(int pinvIterations) {
      this.pinvIterations = pinvIterations;
      return this;
    }

    public Builder optDropout(float dropout) {
      this.dropout = dropout;
      return this;
    }

    public NystromAttention build() {
      Blocks.checkPositive("dimension", dim);
      Blocks.checkPositive("heads", heads);
      if (dimHead == 0) {
        dimHead = dim / 8; // the reference ties the head size to dim, whatever the head count
      }
      if (landmarks == 0) {
        landmarks = dim / 2;
      }
      Blocks.checkPositive("head dimension", dimHead);
      Blocks.checkPositive("landmarks", landmarks);
      Blocks.checkPositive("pseudo-inverse iterations", pinvIterations);
      Blocks.checkRate("dropout", dropout);
      return new NystromAttention(this);
    }
  }
}
