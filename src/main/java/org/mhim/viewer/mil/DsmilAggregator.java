package org.mhim.viewer.mil;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.List;

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

  /**
   * The critical queries are taken from the instances' queries rather than recomputed from the
   * critical instances (the query net works row by row: the same values, and the same gradients,
   * which reach the query net through those rows); the instances' three input layers run as one
   * product ({@link #inputLayers}).
   */
  @Override
  public Result aggregate(ParameterStore ps, NDArray instances, boolean training, boolean explain) {
    InputLayers in = inputLayers(ps, instances, training);
    NDArray logits = in.instanceLogits(); // [N, C]
    NDArray q = queryOfHidden(ps, in.queryHidden(), training); // [N, 128]
    NDArray v = Activation.relu(in.valuesBeforeRelu()); // [N, D]
    NDArray qCritical = q.get(new NDIndex("{}", logits.argMax(0))); // [C, 128]
    NDArray a = attentionLogits(q, qCritical).softmax(0); // [N, C]
    NDArray bag = a.transpose().matMul(v); // [C, D]
    return new Result(bag, bagLogits(ps, bag, training), logits, a);
  }

  /**
   * What the three layers that read the instances give: the instance classifier's logits
   * {@code [N, C]}, the query net's first layer before its ReLU {@code [N, 128]} and the value
   * layer before its ReLU {@code [N, D]}.
   */
  record InputLayers(NDArray instanceLogits, NDArray queryHidden, NDArray valuesBeforeRelu) {}

  /**
   * The instance classifier, the query net's first layer and the value layer of {@code instances}
   * as one product with their weights stacked ({@code [S, D]}, S ≥ C + 128 + D): one pass over the
   * instances instead of three, forward and backward (where the three gradients reaching the
   * instances would otherwise be summed). Split, not sliced: the backward pass of a split joins the
   * parts' gradients once, a slice's fills a zero array of the whole product per part.
   */
  InputLayers inputLayers(ParameterStore ps, NDArray instances, boolean training) {
    return inputLayers(stackedInputWeights(ps, instances.getManager(), training), instances);
  }

  /** {@link #inputLayers} with the stacked weights already made. */
  InputLayers inputLayers(StackedLayer stacked, NDArray instances) {
    return inputLayersOfProducts(Linear.linear(instances, stacked.weight(), stacked.bias()).head());
  }

  /** {@link #inputLayers} from the stacked product with its bias added ({@code [N, S]}). */
  InputLayers inputLayersOfProducts(NDArray products) {
    NDList parts = products.split(new long[] {classes, classes + QUERY_DIM, classes + QUERY_DIM + dim}, 1);
    return new InputLayers(parts.get(0), parts.get(1), parts.get(2));
  }

  /**
   * The three input layers' weights and biases stacked in {@link #inputLayers}' order, then zero
   * rows up to {@link #stackedRows()}: {@code [S ≥ C + 128 + D, D]} and
   * {@code [S]}, on {@code manager} (fresh arrays: with autograd on, the parameters' gradients flow
   * back through them).
   */
  StackedLayer stackedInputWeights(ParameterStore ps, NDManager manager, boolean training) {
    Device device = manager.getDevice();
    NDList weights = new NDList();
    NDList biases = new NDList();
    for (Linear layer : new Linear[] {instanceClassifier, query1, value}) {
      weights.add(ps.getValue(layer.getParameters().get("weight"), device, training));
      biases.add(ps.getValue(layer.getParameters().get("bias"), device, training));
    }
    int padding = stackedRows() - (classes + QUERY_DIM + dim);
    if (padding > 0) {
      weights.add(manager.zeros(new Shape(padding, dim)));
      biases.add(manager.zeros(new Shape(padding)));
    }
    StackedLayer stacked = new StackedLayer(NDArrays.concat(weights, 0), NDArrays.concat(biases, 0));
    // Not the parameters' manager, where one pair per call would pile up.
    stacked.weight().attach(manager);
    stacked.bias().attach(manager);
    return stacked;
  }

  /** S, the stacked input layers' rows: C + 128 + D, padded to the BLAS kernels' tiles. */
  int stackedRows() {
    return Blocks.paddedToTiles(classes + QUERY_DIM + dim);
  }

  /** Layers stacked into one: weight {@code [n, D]} and bias {@code [n]}. */
  record StackedLayer(NDArray weight, NDArray bias) {}

  /** q_i·q_crit / √128 for every instance and class, before the softmax over instances: {@code [N, C]}. */
  static NDArray attentionLogits(NDArray queries, NDArray criticalQueries) {
    return Scalars.div(queries.matMul(criticalQueries.transpose()), (float) Math.sqrt(QUERY_DIM));
  }

  /** The bag stream's logits {@code [C]} from the bag matrix {@code [C, D]}. */
  NDArray bagLogits(ParameterStore ps, NDArray bag, boolean training) {
    return Blocks.apply(bagClassifier, ps, bag.expandDims(0), training).reshape(classes);
  }

  @Override
  HostPass hostPass(ParameterStore ps, InstanceProjection projection, Linear classifier) {
    return new DsmilHostPass(this, projection, ps);
  }

  /**
   * The weights as Java arrays for {@link DsmilHostPass}: the input layers stacked and padded as
   * {@link #stackedInputWeights} stacks them ({@code [S, D]}, {@code [S]}) and the layers past them.
   */
  record HostWeights(float[] stackedWeight, float[] stackedBias, HeadWeights head) {}

  /**
   * The layers past the stacked input layers as Java arrays, in {@link #headParameters()}' order:
   * the query net's second layer ({@code [128, 128]}, {@code [128]}) and the bag classifier
   * ({@code [C, C, D]}, {@code [C]}).
   */
  record HeadWeights(float[] queryWeight, float[] queryBias, float[] bagWeight, float[] bagBias) {}

  /** {@link HostWeights} of the current parameters (copies, made without a libtorch op). */
  HostWeights hostWeights(ParameterStore ps) {
    float[] weight = new float[stackedRows() * dim];
    float[] bias = new float[stackedRows()];
    int row = 0;
    for (Linear layer : new Linear[] {instanceClassifier, query1, value}) {
      float[] w = hostValue(ps, layer, "weight");
      float[] b = hostValue(ps, layer, "bias");
      System.arraycopy(w, 0, weight, row * dim, w.length);
      System.arraycopy(b, 0, bias, row, b.length);
      row += b.length;
    }
    return new HostWeights(weight, bias, headWeights(ps));
  }

  /** {@link HeadWeights} of the current parameters (copies). */
  HeadWeights headWeights(ParameterStore ps) {
    return new HeadWeights(
        hostValue(ps, query2, "weight"), hostValue(ps, query2, "bias"),
        hostValue(ps, bagClassifier, "weight"), hostValue(ps, bagClassifier, "bias"));
  }

  /** The parameters of the layers past the stacked input layers, in {@link HeadWeights}' order. */
  List<Parameter> headParameters() {
    return List.of(
        query2.getParameters().get("weight"), query2.getParameters().get("bias"),
        bagClassifier.getParameters().get("weight"), bagClassifier.getParameters().get("bias"));
  }

  /**
   * The stacked input layers' product with its bias, {@code [N, S]} (see {@link #inputLayers}), as
   * one array: with autograd on, what {@link DsmilTrainingHead} starts from.
   */
  NDArray stackedProducts(ParameterStore ps, NDArray instances, boolean training) {
    StackedLayer stacked = stackedInputWeights(ps, instances.getManager(), training);
    return Linear.linear(instances, stacked.weight(), stacked.bias()).head();
  }

  private static float[] hostValue(ParameterStore ps, ai.djl.nn.Block block, String name) {
    return ps.getValue(block.getParameters().get(name), Device.cpu(), false).toFloatArray();
  }

  int dim() {
    return dim;
  }

  int classes() {
    return classes;
  }

  @Override
  InstanceStream explainer(ParameterStore ps, NDManager manager, Linear classifier, boolean training) {
    return new DsmilStream(this, ps, manager, training);
  }

  /** The queries q = tanh(W₂ relu(W₁ h + b₁) + b₂) {@code [·, 128]} given W₁ h + b₁. */
  NDArray queryOfHidden(ParameterStore ps, NDArray hidden, boolean training) {
    NDArray q = Activation.relu(hidden); // [·, 128]
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
