package org.mhim.viewer.mil;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;

/**
 * TransMIL (reference {@code selfattn} / {@code SAttention}): a class token before the instances,
 * Nyström layer 1, PPEG over the instance tokens, Nyström layer 2, a final LayerNorm; the bag
 * embedding is the class token.
 *
 * <p>Reference names: {@code cls_token}, {@code norm.*}, {@code layer1.*}, {@code layer2.*},
 * {@code pos_embedding.*}.
 */
public final class TransmilAggregator extends MilAggregator {

  private static final byte VERSION = 1;

  private final int dim;
  private final Parameter clsToken;
  private final LayerNorm norm;
  private final TransLayer layer1;
  private final TransLayer layer2;
  private final Ppeg posEmbedding;

  /**
   * The aggregation of one bag.
   *
   * @param embedding {@code [D]} the normalised class token
   * @param classAttention {@code [heads, N]} layer 1's class-token attention (null unless explained)
   * @param values {@code [heads, N, D/heads]} layer 1's instance values (null unless explained)
   */
  public record Result(NDArray embedding, NDArray classAttention, NDArray values, long instances)
      implements Aggregation {}

  private TransmilAggregator(Builder builder) {
    super(VERSION);
    dim = builder.dim;
    clsToken =
        addParameter(
            Parameter.builder()
                .setName("cls_token")
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(1, 1, dim))
                .optInitializer(new NormalInitializer(1f))
                .build());
    norm = addChildBlock("norm", TransLayer.layerNorm());
    layer1 = addChildBlock("layer1", layer(builder));
    layer2 = addChildBlock("layer2", layer(builder));
    posEmbedding = addChildBlock("pos_embedding", Ppeg.builder().setDim(dim).build());
  }

  private static TransLayer layer(Builder builder) {
    return TransLayer.builder()
        .setDim(builder.dim)
        .optHeads(builder.heads)
        .optDropout(builder.attentionDropout)
        .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public AggregatorKind kind() {
    return AggregatorKind.TRANSMIL;
  }

  @Override
  public Result aggregate(ParameterStore ps, NDArray instances, boolean training, boolean explain) {
    long n = instances.size(0);
    NDArray token = ps.getValue(clsToken, instances.getDevice(), training);
    NDArray cls = Blocks.local(token.reshape(1, dim), instances); // [1, D]
    NDArray x = NDArrays.concat(new NDList(cls, instances), 0); // [N+1, D]
    NystromAttention.Output first = layer1.apply(ps, x, training, explain);
    x = first.output(); // [N+1, D]
    NDArray head = x.get(new NDIndex().addSliceDim(0, 1)); // [1, D]
    NDArray tokens = Blocks.apply(posEmbedding, ps, x.get(new NDIndex().addSliceDim(1, n + 1)), training); // [N, D]
    x = NDArrays.concat(new NDList(head, tokens), 0); // [N+1, D]
    // Only the class token's row of layer 2 and of the final norm is ever read (the bag
    // embedding); the instance evidence comes from layer 1.
    x = layer2.applyFirst(ps, x, training); // [1, D]
    x = Blocks.apply(norm, ps, x, training); // [1, D]
    NDArray embedding = x.get(0); // [D]
    return new Result(embedding, first.classAttention(), first.values(), n);
  }

  @Override
  public NDArray logits(ParameterStore ps, Aggregation aggregation, Linear classifier, boolean training) {
    return Blocks.apply(classifier, ps, aggregation.embedding().expandDims(0), training).squeeze(0); // [C]
  }

  /**
   * The reference's {@code get_pseudo_score_trans}: layer 1's values weighted per head by the class
   * token's attention, heads merged, through layer 1's output projection, then the classifier.
   */
  @Override
  public InstanceEvidence evidence(
      ParameterStore ps, Aggregation aggregation, Linear classifier, boolean training) {
    Result r = (Result) aggregation;
    NDArray a = r.classAttention(); // [h, N]
    NDArray weighted = r.values().mul(a.expandDims(2)); // [h, N, d]
    weighted = weighted.transpose(1, 0, 2).reshape(r.instances(), -1); // [N, h·d]
    NystromAttention attention = layer1.attention();
    weighted = Blocks.apply(attention.outputProjection(), ps, weighted, training); // [N, D]
    weighted = Blocks.dropout(weighted, attention.dropoutRate(), training); // [N, D]
    NDArray probs = classAwareProbabilities(ps, weighted, classifier, training); // [N, C]
    return new InstanceEvidence(probs, probs.max(new int[] {1}), a.mean(new int[] {0})); // [N, C], [N], [N]
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(dim)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape tokens = new Shape(1, dim);
    norm.initialize(manager, dataType, tokens);
    layer1.initialize(manager, dataType, tokens);
    layer2.initialize(manager, dataType, tokens);
    posEmbedding.initialize(manager, dataType, tokens);
  }

  /** Builder: {@code setDim} required; 8 heads, attention dropout 0.1 by default. */
  public static final class Builder {
    private int dim;
    private int heads = 8;
    private float attentionDropout = 0.1f;

    private Builder() {}

    public Builder setDim(int dim) {
      this.dim = dim;
      return this;
    }

    public Builder optHeads(int heads) {
      this.heads = heads;
      return this;
    }

    public Builder optAttentionDropout(float attentionDropout) {
      this.attentionDropout = attentionDropout;
      return this;
    }

    public TransmilAggregator build() {
      Blocks.checkPositive("dimension", dim);
      if (dim % 8 != 0) {
        throw new IllegalArgumentException("TransMIL needs a dimension divisible by 8, got " + dim);
      }
      Blocks.checkPositive("heads", heads);
      Blocks.checkRate("attention dropout", attentionDropout);
      return new TransmilAggregator(this);
    }
  }
}
