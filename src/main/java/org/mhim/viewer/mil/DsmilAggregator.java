package org.mhim.viewer.mil;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;

/**
 * DSMIL: an instance classifier Linear(D → C); per class the critical instance (arg-max of its
 * logit); queries q = tanh(W₂ relu(W₁ h)) (128-d) and values v = relu(W h); attention
 * A = softmax over instances of q_i·q_crit / √128 ({@code [N, C]}); bag matrix B = Aᵀ V
 * ({@code [C, D]}); bag logits from a Conv1d(C → C, kernel D) over B.
 *
 * <p>Reference names: {@code i_classifier.0.*}, {@code b_classifier.q.0.*},
 * {@code b_classifier.q.2.*}, {@code b_classifier.v.1.*}, {@code b_classifier.fcc.*}.
 */
public final class DsmilAggregator extends MilAggregator {

  private static final byte VERSION = 1;
  public static final int QUERY_DIM = 128;

  private final int dim;
  private final int classes;
  private final Linear instanceClassifier;
  private final Linear query1;
  private final Linear query2;
  private final Linear value;
  private final Conv1d bagClassifier;

  /**
   * The aggregation of one bag.
   *
   * @param embedding {@code [C, D]} the bag matrix B
   * @param bagLogits {@code [C]} the bag stream's logits
   * @param instanceLogits {@code [N, C]} the instance classifier's logits
   * @param attention {@code [N, C]} the bag stream's attention (softmax over instances)
   */
  public record Result(NDArray embedding, NDArray bagLogits, NDArray instanceLogits, NDArray attention)
      implements Aggregation {
    @Override
    public long instances() {
      return instanceLogits.size(0);
    }

    /** {@code [C]}: the max over instances of the instance logits. */
    public NDArray maxInstanceLogits() {
      return instanceLogits.max(new int[] {0});
    }
  }

  private DsmilAggregator(Builder builder) {
    super(VERSION);
    dim = builder.dim;
    classes = builder.classes;
    instanceClassifier = addChildBlock("i_classifier.0", Linear.builder().setUnits(classes).build());
    query1 = addChildBlock("b_classifier.q.0", Linear.builder().setUnits(QUERY_DIM).build());
    query2 = addChildBlock("b_classifier.q.2", Linear.builder().setUnits(QUERY_DIM).build());
    value = addChildBlock("b_classifier.v.1", Linear.builder().setUnits(dim).build());
    bagClassifier =
        addChildBlock(
            "b_classifier.fcc",
            Conv1d.builder().setKernelShape(new Shape(dim)).setFilters(classes).build());
    ReferenceInit.linear(instanceClassifier);
    ReferenceInit.linear(query1);
    ReferenceInit.linear(query2);
    ReferenceInit.linear(value);
    ReferenceInit.convolution(bagClassifier, (long) classes * dim);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public AggregatorKind kind() {
    return AggregatorKind.DSMIL;
  }

  @Override
  public Result aggregate(ParameterStore ps, NDArray instances, boolean training, boolean explain) {
    NDArray logits = instanceLogits(ps, instances, training); // [N, C]
    NDArray v = values(ps, instances, training); // [N, D]
    NDArray q = query(ps, instances, training); // [N, 128]
    NDArray critical = instances.get(new NDIndex("{}", logits.argMax(0))); // [C, D]
    NDArray qCritical = query(ps, critical, training); // [C, 128]
    NDArray a = attentionLogits(q, qCritical).softmax(0); // [N, C]
    NDArray bag = a.transpose().matMul(v); // [C, D]
    return new Result(bag, bagLogits(ps, bag, training), logits, a);
  }

  /** The instance classifier's logits {@code [N, C]}. */
  NDArray instanceLogits(ParameterStore ps, NDArray instances, boolean training) {
    return Blocks.apply(instanceClassifier, ps, instances, training);
  }

  /** The values v = relu(W h) {@code [N, D]}. */
  NDArray values(ParameterStore ps, NDArray instances, boolean training) {
    return Activation.relu(Blocks.apply(value, ps, instances, training));
  }

  /** q_i·q_crit / √128 for every instance and class, before the softmax over instances: {@code [N, C]}. */
  static NDArray attentionLogits(NDArray queries, NDArray criticalQueries) {
    return Scalars.div(queries.matMul(criticalQueries.transpose()), (float) Math.sqrt(QUERY_DIM));
  }

  /** The bag stream's logits {@code [C]} from the bag matrix {@code [C, D]}. */
  NDArray bagLogits(ParameterStore ps, NDArray bag, boolean training) {
    return Blocks.apply(bagClassifier, ps, bag.expandDims(0), training).reshape(classes);
  }

  @Override
  InstanceStream explainer(ParameterStore ps, NDManager manager, Linear classifier, boolean training) {
    return new DsmilStream(this, ps, manager, training);
  }

  /** The queries q = tanh(W₂ relu(W₁ h)) {@code [·, 128]}. */
  NDArray query(ParameterStore ps, NDArray x, boolean training) {
    NDArray q = Activation.relu(Blocks.apply(query1, ps, x, training)); // [·, 128]
    return Activation.tanh(Blocks.apply(query2, ps, q, training)); // [·, 128]
  }

  /** 0.5·bag + 0.5·max-instance logits; the classifier is not used (the reference keeps it unused). */
  @Override
  public NDArray logits(ParameterStore ps, Aggregation aggregation, Linear classifier, boolean training) {
    Result r = (Result) aggregation;
    return Scalars.mul(r.bagLogits(), 0.5f).add(Scalars.mul(r.maxInstanceLogits(), 0.5f)); // [C]
  }

  @Override
  public InstanceEvidence evidence(
      ParameterStore ps, Aggregation aggregation, Linear classifier, boolean training) {
    Result r = (Result) aggregation;
    NDArray logits = r.instanceLogits(); // [N, C]
    return new InstanceEvidence(
        logits.softmax(1), logits.max(new int[] {1}), r.attention().max(new int[] {1})); // [N, C], [N], [N]
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(classes, dim)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape instances = new Shape(1, dim);
    instanceClassifier.initialize(manager, dataType, instances);
    query1.initialize(manager, dataType, instances);
    query2.initialize(manager, dataType, new Shape(1, QUERY_DIM));
    value.initialize(manager, dataType, instances);
    bagClassifier.initialize(manager, dataType, new Shape(1, classes, dim));
  }

  /** Builder: {@code setDim} and {@code setClasses} required. */
  public static final class Builder {
    private int dim;
    private int classes;

    private Builder() {}

    public Builder setDim(int dim) {
      this.dim = dim;
      return this;
    }

    public Builder setClasses(int classes) {
      this.classes = classes;
      return this;
    }

    public DsmilAggregator build() {
      Blocks.checkPositive("dimension", dim);
      Blocks.checkPositive("classes", classes);
      return new DsmilAggregator(this);
    }
  }
}
