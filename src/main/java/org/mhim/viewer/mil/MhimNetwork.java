package org.mhim.viewer.mil;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.lang.foreign.MemorySegment;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SequencedMap;

/**
 * One MHIM network (the student, or the teacher with its own weights): projection
 * ({@code feature}), aggregator ({@code online_encoder}) and classifier ({@code predictor}), plus
 * optional extra blocks registered first under their reference names (the training side adds its
 * recycle network as {@code merge}).
 *
 * <p>As a DJL block: input {@code [N, input_dim]}, output {@code (logits [C], embedding)}. The
 * stages are public so training can mask and recycle between projection and aggregation. Works in
 * training mode under a gradient collector like any DJL block: every parameter is fetched through
 * the {@link ParameterStore}.
 */
public final class MhimNetwork extends AbstractBlock {

  private static final byte VERSION = 1;

  private final int inputDim;
  private final int mlpDim;
  private final int classes;
  private final Map<String, Block> extras;
  private final InstanceProjection feature;
  private final MilAggregator onlineEncoder;
  private final Linear predictor;

  /** What the teacher hands the student's loss: the bag embedding and one score per instance. */
  public record TeacherOutput(NDArray embedding, NDArray scores) {}

  private MhimNetwork(Builder builder) {
    super(VERSION);
    inputDim = builder.inputDim;
    mlpDim = builder.mlpDim;
    classes = builder.classes;
    LinkedHashMap<String, Block> registered = new LinkedHashMap<>();
    builder.extras.forEach((name, block) -> registered.put(name, addChildBlock(name, block)));
    extras = Collections.unmodifiableMap(registered);
    feature =
        addChildBlock(
            "feature",
            InstanceProjection.builder()
                .setInputDim(inputDim)
                .setOutputDim(mlpDim)
                .optActivation(builder.activation)
                .optDropout(builder.dropout)
                .build());
    onlineEncoder =
        addChildBlock(
            "online_encoder",
            switch (builder.aggregator) {
              case ABMIL ->
                  AbmilAggregator.builder()
                      .setDim(mlpDim)
                      .optActivation(builder.attentionActivation)
                      .build();
              case TRANSMIL ->
                  TransmilAggregator.builder()
                      .setDim(mlpDim)
                      .optHeads(builder.heads)
                      .optAttentionDropout(builder.attentionDropout)
                      .build();
              case DSMIL -> DsmilAggregator.builder().setDim(mlpDim).setClasses(classes).build();
            });
    predictor = addChildBlock("predictor", Linear.builder().setUnits(classes).build());
    ReferenceInit.linear(predictor);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A network shaped by {@code config}. */
  public static MhimNetwork of(MhimConfig config) {
    return builder(config).build();
  }

  /** A builder already set from {@code config}, for callers that add an extra block. */
  public static Builder builder(MhimConfig config) {
    return builder()
        .setAggregator(config.aggregator())
        .setInputDim(config.inputDim())
        .setMlpDim(config.mlpDim())
        .setClasses(config.classes())
        .optActivation(config.activation())
        .optAttentionActivation(config.attentionActivation())
        .optDropout(config.dropout())
        .optAttentionDropout(config.attentionDropout())
        .optHeads(config.heads());
  }

  public int inputDim() {
    return inputDim;
  }

  public int mlpDim() {
    return mlpDim;
  }

  public int classes() {
    return classes;
  }

  public AggregatorKind kind() {
    return onlineEncoder.kind();
  }

  public InstanceProjection projection() {
    return feature;
  }

  public MilAggregator aggregator() {
    return onlineEncoder;
  }

  public Linear classifier() {
    return predictor;
  }

  /** An extra block registered under {@code name} (e.g. {@code merge}), or null. */
  public Block extra(String name) {
    return extras.get(name);
  }

  /** {@code [N, input_dim]} → {@code [N, mlp_dim]} (Linear, activation, dropout). */
  public NDArray project(ParameterStore ps, NDArray bag, boolean training) {
    return Blocks.apply(feature, ps, bag, training);
  }

  /**
   * {@link #project} of {@code rows} rows held in {@code x} (row-major, {@code input_dim} floats a
   * row, Java heap or native memory) through OpenBLAS, onto {@code manager}. Autograd must be off.
   */
  NDArray project(
      BlasProjection blas, ParameterStore ps, MemorySegment x, int rows, NDManager manager, boolean training) {
    return feature.forwardRows(blas, ps, x, rows, manager, training);
  }

  /**
   * {@link #project(BlasProjection, ParameterStore, MemorySegment, int, NDManager, boolean)} handed
   * to {@code stream} with the row products it asks for ({@link BlockSink#rowWeights()}), also
   * through OpenBLAS: made in the projection's own pass while the rows are in cache (after dropout,
   * in training) when the projection is ReLU, else in a pass of their own over the projected rows.
   * Autograd must be off.
   */
  void projectInto(
      BlockSink stream, BlasProjection blas, ParameterStore ps, MemorySegment x, int rows, NDManager manager,
      boolean training) {
    List<NDArray> weights = stream.rowWeights();
    if (weights.isEmpty()) {
      stream.accept(project(blas, ps, x, rows, manager, training));
    } else if (BlasProjection.trains(feature)) {
      List<NDArray> projected =
          blas.projectWithProducts(feature, ps, x, rows, manager, training, weights, feature.hostDropout(manager, training));
      stream.accept(projected.get(0), projected.subList(1, projected.size()));
    } else {
      NDArray h = project(blas, ps, x, rows, manager, training);
      stream.accept(h, blas.products(h, weights, manager));
    }
  }

  /** Aggregates projected instances {@code [N, mlp_dim]}; see {@link MilAggregator#aggregate}. */
  public Aggregation aggregate(ParameterStore ps, NDArray instances, boolean training, boolean explain) {
    return onlineEncoder.aggregate(ps, instances, training, explain);
  }

  /** The bag logits {@code [C]} (for DSMIL 0.5·bag + 0.5·max-instance). */
  public NDArray logits(ParameterStore ps, Aggregation aggregation, boolean training) {
    return onlineEncoder.logits(ps, aggregation, predictor, training);
  }

  /** The class-aware instance evidence of an explained aggregation. */
  public InstanceEvidence evidence(ParameterStore ps, Aggregation aggregation, boolean training) {
    return onlineEncoder.evidence(ps, aggregation, predictor, training);
  }

  /**
   * This network's inference in plain Java over rows projected through OpenBLAS (see
   * {@link HostPass}), reading its parameters in place, or null when it has none (a projection
   * other than ReLU, or an aggregator without one).
   */
  HostPass hostPass(ParameterStore ps) {
    return BlasProjection.trains(feature) ? onlineEncoder.hostPass(ps, feature, predictor) : null;
  }

  /**
   * Inference over a bag whose projected instances will be fed block by block (in bag order);
   * its arrays and results live on {@code manager}.
   */
  InstanceStream explainer(ParameterStore ps, NDManager manager, boolean training) {
    return onlineEncoder.explainer(ps, manager, predictor, training);
  }

  /**
   * The teacher's pass over the full bag (reference {@code forward_teacher} with
   * {@code attn2score}): the bag embedding and the instance scores {@code [N]} masking ranks by.
   * Run it outside a gradient collector.
   */
  public TeacherOutput teacher(ParameterStore ps, NDArray bag, boolean training) {
    return teacher(ps, bag, training, null);
  }

  /**
   * {@link #teacher(ParameterStore, NDArray, boolean)} with the projection through {@code blas} when
   * not null: then, when this network has a {@link HostPass} and the bag's memory can be read in
   * place, without a libtorch call (its dropout mask, one for the whole bag, drawn as libtorch's
   * pass over one block would draw it).
   */
  TeacherOutput teacher(ParameterStore ps, NDArray bag, boolean training, BlasProjection blas) {
    HostPass pass = blas == null || JniUtils.isGradMode() ? null : hostPass(ps);
    MemorySegment rows = pass == null ? null : HostArrays.view(bag);
    if (rows == null) {
      return teacher(ps, bag, training, BlockwiseProjection.BLOCK_FLOATS / inputDim, blas);
    }
    NDManager results = bag.getManager();
    int n = Math.toIntExact(bag.getShape().get(0));
    HostExplanation out = pass.explain(blas, rows, n, feature.hostDropout(results, training), true);
    return new TeacherOutput(
        results.create(out.embedding(), onlineEncoder.getOutputShapes(new Shape[] {new Shape(n, feature.outputDim())})[0]),
        results.create(out.scores()));
  }

  /**
   * {@link #teacher(ParameterStore, NDArray, boolean)} fed {@code blockRows} rows at a time: each
   * block is projected and handed to the aggregator's {@link InstanceStream} while in cache, and its
   * temporaries are freed before the next (AB-MIL and DSMIL never hold the projected bag). With
   * {@code blas} (may be null) the projection reads the bag's rows in place through OpenBLAS when
   * libtorch hands out the bag's memory (a contiguous CPU array); otherwise libtorch projects.
   */
  TeacherOutput teacher(ParameterStore ps, NDArray bag, boolean training, int blockRows, BlasProjection blas) {
    NDManager results = bag.getManager();
    InstanceStream stream = explainer(ps, results, training);
    long n = bag.getShape().get(0);
    MemorySegment rows = blas == null || JniUtils.isGradMode() ? null : HostArrays.view(bag);
    long rowBytes = (long) inputDim * Float.BYTES;
    for (long start = 0; start < n; start += blockRows) {
      long end = Math.min(n, start + blockRows);
      try (NDManager block = results.newSubManager()) {
        if (rows != null) {
          MemorySegment x = rows.asSlice(start * rowBytes, (end - start) * rowBytes);
          projectInto(stream, blas, ps, x, (int) (end - start), block, training); // [rows, D]
          continue;
        }
        NDArray x = n <= blockRows ? bag : bag.get(new NDIndex("{}:{}", start, end));
        if (x != bag) {
          x.attach(block);
        }
        stream.accept(project(ps, x, training)); // [rows, D], freed with the block
      }
    }
    InstanceStream.Explanation out = stream.finish();
    return new TeacherOutput(out.embedding(), out.evidence().scores());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    Aggregation a = aggregate(ps, project(ps, inputs.singletonOrThrow(), training), training, false);
    return new NDList(logits(ps, a, training), a.embedding());
  }

  /**
   * Every parameter under its reference {@code state_dict} name ({@code feature.0.weight},
   * {@code online_encoder.layer1.attn.to_qkv.weight}, {@code predictor.bias}, …), in the
   * reference's order.
   */
  public SequencedMap<String, Parameter> referenceParameters() {
    return ReferenceNames.of(this, "");
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape embedding = onlineEncoder.getOutputShapes(new Shape[] {new Shape(1, mlpDim)})[0];
    return new Shape[] {new Shape(classes), embedding};
  }

  /** Initialises every parameter (reference initialisation); call with {@code new Shape(1, input_dim)}. */
  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape projected = new Shape(1, mlpDim);
    for (Block extra : extras.values()) {
      extra.initialize(manager, dataType, projected);
    }
    feature.initialize(manager, dataType, new Shape(1, inputDim));
    onlineEncoder.initialize(manager, dataType, projected);
    predictor.initialize(manager, dataType, projected);
  }

  /**
   * Builder: {@code setAggregator}, {@code setInputDim}, {@code setMlpDim}, {@code setClasses}
   * required; defaults are the reference's (ReLU projection, GELU AB-MIL attention, dropout 0.25,
   * 8 heads, TransMIL attention dropout 0.1).
   */
  public static final class Builder {
    private AggregatorKind aggregator;
    private int inputDim;
    private int mlpDim;
    private int classes;
    private ActivationKind activation = ActivationKind.RELU;
    private ActivationKind attentionActivation = ActivationKind.GELU;
    private float dropout = 0.25f;
    private float attentionDropout = 0.1f;
    private int heads = 8;
    private final LinkedHashMap<String, Block> extras = new LinkedHashMap<>();

    private Builder() {}

    public Builder setAggregator(AggregatorKind aggregator) {
      this.aggregator = aggregator;
      return this;
    }

    public Builder setInputDim(int inputDim) {
      this.inputDim = inputDim;
      return this;
    }

    public Builder setMlpDim(int mlpDim) {
      this.mlpDim = mlpDim;
      return this;
    }

    public Builder setClasses(int classes) {
      this.classes = classes;
      return this;
    }

    public Builder optActivation(ActivationKind activation) {
      this.activation = activation;
      return this;
    }

    public Builder optAttentionActivation(ActivationKind attentionActivation) {
      this.attentionActivation = attentionActivation;
      return this;
    }

    public Builder optDropout(float dropout) {
      this.dropout = dropout;
      return this;
    }

    public Builder optAttentionDropout(float attentionDropout) {
      this.attentionDropout = attentionDropout;
      return this;
    }

    public Builder optHeads(int heads) {
      this.heads = heads;
      return this;
    }

    /**
     * Registers {@code block} before the projection under its reference name (its parameters then
     * appear as {@code name.…} in {@link #referenceParameters()}); it is initialised with input
     * {@code [1, mlp_dim]}.
     */
    public Builder optExtraBlock(String name, Block block) {
      Objects.requireNonNull(block, "block");
      if (name == null || name.isBlank() || extras.containsKey(name)
          || name.equals("feature") || name.equals("online_encoder") || name.equals("predictor")) {
        throw new IllegalArgumentException("bad or duplicate extra block name: " + name);
      }
      extras.put(name, block);
      return this;
    }

    public MhimNetwork build() {
      Objects.requireNonNull(aggregator, "aggregator");
      Blocks.checkPositive("input dimension", inputDim);
      Blocks.checkPositive("mlp dimension", mlpDim);
      Blocks.checkPositive("classes", classes);
      return new MhimNetwork(this);
    }
  }
}
