package org.mhim.viewer.mil;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.mhim.viewer.features.NoGradient;

/**
 * One MHIM training step on one bag, the unit the training loop repeats:
 *
 * <ol>
 *   <li>teacher forward on the whole bag, without gradient, in training mode: bag embedding and
 *       instance scores;
 *   <li>high-score masking by those scores ({@link HighScoreMasking});
 *   <li>a random permutation of the kept instances; the recycle network keeps the first
 *       ⌊L·merge_ratio⌋ and summarises the rest into k tokens;
 *   <li>student forward with gradient; loss = CE(logits, label) + aux_alpha · consistency(student
 *       embedding, teacher embedding); backward;
 *   <li>global queries ← EMA towards the recycled tokens (momentum {@code merge_mm});
 *   <li>teacher ← EMA of the student (every parameter), using the student as it is before this
 *       step's optimizer update — the order the parity fixtures define; the reference updates after
 *       it, which differs by one step's lag;
 *   <li>Adam update (L2 weight decay, learning rate from {@link StepControls}), gradients zeroed.
 * </ol>
 *
 * <p>Both networks must have been built with a {@link GlobalRecycleNetwork} registered as the
 * extra block {@code merge} (or without one, to train without recycling) and initialised. The
 * step owns neither network. Not thread-safe: one step object per training loop.
 */
public final class MhimTrainingStep {

  private final MhimNetwork student;
  private final MhimNetwork teacher;
  private final GlobalRecycleNetwork recycle;
  private final EmaTeacher ema;
  private final ParameterStore parameterStore;
  private final double randomRatio;
  private final double auxAlpha;
  private final ConsistencyLoss consistency;
  private final boolean recordGradientNorms;
  private final Optimizer optimizer;
  /** Our Adam with saveable state, used instead of DJL's when the builder was given one. */
  private final AdamOptimizer adam;
  private final Map<String, Parameter> trainable;
  /** The values of {@link #trainable}, whose teacher EMA our Adam's pass does. */
  private final Set<Parameter> trainedParameters;
  /** The teacher pass's projection products through OpenBLAS, or null (GPU, or no OpenBLAS). */
  private final BlasProjection blas;
  /**
   * The learning rate of the step in progress. DJL's optimizers read their rate from a tracker
   * during {@code update}; this field is that tracker's value, set at the start of each step.
   */
  private float currentLearningRate;

  private MhimTrainingStep(Builder b) {
    student = b.student;
    teacher = b.teacher;
    if (student.kind() != teacher.kind()) {
      throw new IllegalArgumentException(
          "student (" + student.kind().id() + ") and teacher (" + teacher.kind().id() + ") must share one architecture");
    }
    recycle = (GlobalRecycleNetwork) student.extra("merge");
    ema = EmaTeacher.of(student, teacher);
    parameterStore = new ParameterStore(b.manager, false);
    randomRatio = b.randomRatio;
    auxAlpha = b.auxAlpha;
    consistency = b.consistency;
    recordGradientNorms = b.recordGradientNorms;
    optimizer =
        Optimizer.adam()
            .optLearningRateTracker((parameterId, updates) -> currentLearningRate)
            .optWeightDecays(b.weightDecay)
            .build();
    adam = b.adam;
    trainable = trainableParameters(student);
    trainedParameters = Set.copyOf(trainable.values());
    blas = b.blas != null ? b.blas.orElse(null) : cpuBlas(b.manager);
    // The teacher learns only by EMA: keep autograd off its weights.
    for (Parameter p : teacher.referenceParameters().values()) {
      p.getArray().setRequiresGradient(false);
    }
  }

  /**
   * OpenBLAS for a CPU manager when installed, closed with that manager (which outlives the step:
   * the networks live on it).
   */
  private static BlasProjection cpuBlas(NDManager manager) {
    BlasProjection blas = BlasProjection.forDevice(manager.getDevice()).orElse(null);
    if (blas != null) {
      manager.attachInternal("mhim-openblas-" + UUID.randomUUID(), blas);
    }
    return blas;
  }

  /** Parameters Adam updates: those that get a gradient (DSMIL never uses {@code predictor}). */
  private static Map<String, Parameter> trainableParameters(MhimNetwork network) {
    Map<String, Parameter> out = new LinkedHashMap<>();
    network.referenceParameters().forEach(
        (name, p) -> {
          boolean unused = network.kind() == AggregatorKind.DSMIL && name.startsWith("predictor.");
          if (p.requiresGradient() && !unused) {
            out.put(name, p);
          }
        });
    return out;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The network trained by gradient. */
  public MhimNetwork student() {
    return student;
  }

  /** The network that follows the student by EMA. */
  public MhimNetwork teacher() {
    return teacher;
  }

  /** The parameters the optimizer updates, by reference name. */
  public List<String> trainableNames() {
    return List.copyOf(trainable.keySet());
  }

  /**
   * Runs one step.
   *
   * @param bag the whole bag, {@code [N, input_dim]} float32, N ≥ 1
   * @param label the slide's class index
   * @param controls this step's learning rate, mask ratio and teacher momentum
   * @param randomness the masking sub-selection and the recycle permutation
   * @throws IllegalStateException when the loss is not finite (nothing is updated then)
   */
  public StepResult step(NDArray bag, int label, StepControls controls, StepRandomness randomness) {
    // Autograd records only inside the gradient collector: the teacher pass, the EMA and the
    // optimizer's in-place updates must not, whatever mode this thread was left in.
    try (NoGradient _ = NoGradient.enter()) {
      return stepRecordingOnlyTheStudent(bag, label, controls, randomness);
    }
  }

  private StepResult stepRecordingOnlyTheStudent(
      NDArray bag, int label, StepControls controls, StepRandomness randomness) {
    long n = bag.getShape().get(0);
    int classes = student.classes();
    if (label < 0 || label >= classes) {
      throw new IllegalArgumentException("label " + label + " outside 0.." + (classes - 1));
    }
    if (bag.getShape().dimension() != 2 || bag.getShape().get(1) != student.inputDim() || n < 1) {
      throw new IllegalArgumentException(
          "bag must be [N ≥ 1, " + student.inputDim() + "], got " + bag.getShape());
    }
    currentLearningRate = (float) controls.learningRate();
    StepResult result;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      MhimNetwork.TeacherOutput taught = teacher.teacher(parameterStore, bag, true, blas);
      float[] scores = taught.scores().toFloatArray();
      HighScoreMask mask = new HighScoreMasking(controls.maskRatio(), randomRatio).apply(scores, randomness);
      int[] kept = mask.kept();
      int[] permutation = randomness.permutation(kept.length);
      long[] order = new long[kept.length];
      for (int i = 0; i < kept.length; i++) {
        order[i] = kept[permutation[i]];
      }
      NDArray teacherEmbedding = taught.embedding();
      StudentRows rows = new StudentRows(bag, order);

      LossValues losses;
      NDArray recycled;
      long tokens;
      DsmilTrainingHead.Outcome handHead = null; // with the gradients of its layers, added after the collector
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        // Projecting only the instances that take part gives the values and gradients of the
        // reference's projection of the whole bag followed by a gather, for less work.
        NDArray sequence;
        recycled = null;
        if (recycle != null) {
          NDList h = rows.project(recycle.keepCount(order.length)); // [keep, D], [L − keep, D]
          var out = recycle.forwardSplit(parameterStore, h.get(0), h.get(1));
          sequence = out.get(0); // [keep + k, D]
          recycled = out.get(1); // [k, D]
        } else {
          sequence = rows.project(order.length).get(0); // [L, D]
        }
        tokens = sequence.getShape().get(0);
        if (student.aggregator() instanceof DsmilAggregator dsmil && blas != null) {
          handHead = dsmilHeadByHand(dsmil, sequence, teacherEmbedding, label);
          losses = new LossValues(handHead.logits(), handHead.ce(), handHead.aux(), handHead.total());
        } else {
          Aggregation aggregation = student.aggregate(parameterStore, sequence, true, false);
          NDArray logits = student.logits(parameterStore, aggregation, true); // [C]
          NDArray ce = logits.logSoftmax(0).get(label).neg(); // []
          NDArray aux = consistency.compute(aggregation.embedding(), teacherEmbedding); // []
          NDArray total = ce.add(Scalars.mul(aux, (float) auxAlpha)); // [] (a float scalar: a double would promote the loss)
          collector.backward(total);
          losses = new LossValues(logits.toFloatArray(), ce.getFloat(), aux.getFloat(), total.getFloat());
        }
      }
      rows.addHandGradients();
      if (handHead != null) {
        addHeadGradients((DsmilAggregator) student.aggregator(), handHead.gradients(), bag.getDevice());
      }
      double totalValue = losses.total();
      if (!Double.isFinite(totalValue)) {
        zeroGradients();
        throw new IllegalStateException("training loss is not finite (" + totalValue + "); no update made");
      }
      if (recycle != null && recycled.getShape().get(0) > 0) {
        recycle.updateGlobalQueries(recycled);
      }
      Map<String, Double> norms = recordGradientNorms ? gradientNorms() : Map.of();
      if (adam != null) {
        // The trainable parameters' teacher follows in the optimizer's pass below.
        ema.update(controls.teacherMomentum(), ranges(), trainedParameters);
      } else {
        ema.update(controls.teacherMomentum(), ranges());
      }
      int keptTokens = recycle == null ? kept.length : recycle.keepCount(kept.length);
      result =
          new StepResult(
              losses.logits(),
              losses.ce(),
              losses.aux(),
              totalValue,
              mask,
              permutation,
              keptTokens,
              tokens,
              norms);
    }
    // Outside the scope: Adam creates its moment buffers on first use and must keep them.
    for (Map.Entry<String, Parameter> e : trainable.entrySet()) {
      NDArray weight = e.getValue().getArray();
      try (NDArray gradient = weight.getGradient()) {
        if (adam != null) {
          NDArray follower = ema.teacherOf(e.getValue()).getArray();
          adam.updateAndClearAfterBlend(
              e.getKey(), weight, gradient, currentLearningRate, ranges(), follower, controls.teacherMomentum());
        } else {
          optimizer.update(e.getValue().getId(), weight, gradient);
          gradient.subi(gradient);
        }
      }
    }
    return result;
  }

  /** The OpenBLAS threads to split the optimizer's and the EMA's passes among, when there are some. */
  private ParallelRanges ranges() {
    return blas != null ? blas : ParallelRanges.SERIAL;
  }

  /**
   * The student's projection of one step's bag rows, taken in {@code order}: through OpenBLAS with a
   * hand-written backward when it can read the bag in place (a contiguous CPU array) and the
   * activation is ReLU, else through libtorch with autograd.
   */
  private final class StudentRows {
    private final NDArray bag;
    private final long[] order;
    /** The bag's memory when OpenBLAS projects, else null. */
    private final MemorySegment bagRows;
    /** The projection OpenBLAS made, for the backward pass; null until then, or with libtorch. */
    private HandProjected handProjected;

    StudentRows(NDArray bag, long[] order) {
      this.bag = bag;
      this.order = order;
      this.bagRows = blas != null && BlasProjection.trains(student.projection()) ? HostArrays.view(bag) : null;
    }

    /**
     * Every row of {@code order}, in that order, projected in one pass and split after row
     * {@code at}: {@code [at, D]} and {@code [L − at, D]}. One product over all the rows runs at
     * OpenBLAS's efficiency where the recycled few hundred alone would not, and the dropout mask is
     * drawn once for all of them on either path. Once only.
     */
    NDList project(int at) {
      if (bagRows == null) {
        NDArray rows = bag.getManager().create(order); // [L]
        NDArray h = student.project(parameterStore, bag.get(new NDIndex("{}", rows)), true); // [L, D]
        // Split, not sliced: the backward pass of a split joins the parts' gradients in one copy.
        return h.split(new long[] {at}, 0);
      }
      if (handProjected != null) {
        throw new IllegalStateException("the step's rows are projected once");
      }
      InstanceProjection projection = student.projection();
      NDList parts;
      NDArray h;
      try (NoGradient _ = NoGradient.enter()) {
        h = blas.projectGathered(
            projection, parameterStore, bagRows, order, 0, order.length, bag.getManager(), true,
            projection.hostDropout(bag.getManager(), true));
        parts = h.split(new long[] {at}, 0); // views of h's memory
      }
      for (NDArray part : parts) {
        if (part.getShape().get(0) > 0) {
          part.setRequiresGradient(true); // leaves: their gradients are dH, for addHandGradients
        }
      }
      float rate = projection.dropout();
      handProjected = new HandProjected(h, parts, rate > 0f ? 1f / (1f - rate) : 1f);
      return parts;
    }

    /**
     * After the backward pass: the parts OpenBLAS made are leaves of the graph, so their weight and
     * bias gradients are computed by hand from the leaves' gradients and added straight into the
     * parameters' gradient arrays, as libtorch's own backward would have accumulated them. Nothing
     * when libtorch projected.
     */
    void addHandGradients() {
      if (handProjected == null) {
        return;
      }
      InstanceProjection projection = student.projection();
      var parameters = projection.linear().getParameters();
      NDArray weight = parameterStore.getValue(parameters.get("weight"), bag.getDevice(), true);
      NDArray bias = parameterStore.getValue(parameters.get("bias"), bag.getDevice(), true);
      defineGradients(List.of(weight, bias), bag.getManager());
      try (PtNDArray dW = JniUtils.getGradient((PtNDArray) weight);
          PtNDArray db = JniUtils.getGradient((PtNDArray) bias)) {
        blas.addGradients(
            projection, bagRows, order, handProjected.h(), handProjected.parts(), handProjected.scale(),
            HostArrays.requireWritable(dW, "projection weight's gradient"),
            HostArrays.requireWritable(db, "projection bias's gradient"));
      }
    }
  }

  /** A step's losses: the logits {@code [C]}, CE, the consistency loss and the weighted total. */
  private record LossValues(float[] logits, double ce, double aux, double total) {}

  /**
   * DSMIL's layers past its stacked input layer run by hand on the CPU ({@link DsmilTrainingHead}),
   * under the gradient collector: the stacked product comes from libtorch with autograd, the head
   * computes the losses and dLoss/dP, and libtorch's backward carries that gradient through the
   * stacked layer, the recycle network and into the projected rows. The head's own layers get
   * their gradients by hand ({@link #addHeadGradients}).
   */
  private DsmilTrainingHead.Outcome dsmilHeadByHand(
      DsmilAggregator dsmil, NDArray sequence, NDArray teacherEmbedding, int label) {
    NDArray products = dsmil.stackedProducts(parameterStore, sequence, true); // [N, S]
    int n = Math.toIntExact(products.getShape().get(0));
    DsmilTrainingHead head = new DsmilTrainingHead(dsmil, dsmil.headWeights(parameterStore), blas.blas(), blas);
    NDArray productGradient = products.getManager().create(products.getShape(), products.getDataType()); // every value written
    DsmilTrainingHead.Outcome out = head.run(
        HostArrays.requireView(products, "DSMIL stacked product"), n, teacherEmbedding.toFloatArray(), label, auxAlpha,
        consistency, HostArrays.requireWritable(productGradient, "DSMIL stacked product's gradient"));
    JniUtils.backward((PtNDArray) products, (PtNDArray) productGradient, false, false);
    return out;
  }

  /**
   * After the backward pass (a first step's {@link #defineGradients} needs a collector of its own):
   * adds the head's weight gradients, in {@link DsmilAggregator#headParameters()}' order, into the
   * parameters' gradient arrays.
   */
  private void addHeadGradients(DsmilAggregator dsmil, float[][] gradients, Device device) {
    List<NDArray> parameters = new ArrayList<>();
    for (Parameter p : dsmil.headParameters()) {
      parameters.add(parameterStore.getValue(p, device, true));
    }
    defineGradients(parameters, parameters.get(0).getManager());
    for (int k = 0; k < parameters.size(); k++) {
      try (PtNDArray gradient = JniUtils.getGradient((PtNDArray) parameters.get(k))) {
        MemorySegment memory = HostArrays.requireWritable(gradient, "DSMIL head gradient");
        float[] add = gradients[k];
        HostArrays.updateAt(1, (chunks, length, first) -> {
          for (int j = 0; j < length; j++) {
            chunks[0][j] += add[(int) first + j];
          }
        }, memory);
      }
    }
  }

  /**
   * libtorch creates a parameter's gradient array on its first backward pass; parameters whose
   * gradients are added by hand take part in none, so on the first step a backward pass of
   * Σ 0·p creates them, zero.
   */
  private static void defineGradients(List<NDArray> parameters, NDManager manager) {
    boolean missing = false;
    for (NDArray p : parameters) {
      try (PtNDArray gradient = JniUtils.getGradient((PtNDArray) p)) {
        missing |= gradient == null;
      }
    }
    if (!missing) {
      return;
    }
    try (NDManager scratch = manager.newSubManager();
        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray zero = scratch.zeros(new Shape());
      NDArray sum = null;
      for (NDArray p : parameters) {
        NDArray term = zero.mul(p).sum();
        sum = sum == null ? term : sum.add(term);
      }
      collector.backward(sum);
    }
  }

  /**
   * The projected rows of a step, {@code h}, in consecutive parts that are the graph's leaves, and
   * dropout's scale of kept values.
   */
  private record HandProjected(NDArray h, NDList parts, float scale) {}

  private Map<String, Double> gradientNorms() {
    Map<String, Double> norms = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> e : trainable.entrySet()) {
      NDArray gradient = e.getValue().getArray().getGradient();
      norms.put(e.getKey(), (double) gradient.norm().getFloat());
    }
    return norms;
  }

  private void zeroGradients() {
    for (Parameter p : trainable.values()) {
      try (NDArray gradient = p.getArray().getGradient()) {
        gradient.subi(gradient);
      }
    }
  }

  /**
   * Builder: {@code setStudent}, {@code setTeacher} and {@code setManager} required; defaults are
   * the reference recipe (no random sub-selection, aux_alpha 0.5, τ_t 0.1, τ_s 1, weight decay 1e-5).
   */
  public static final class Builder {
    private MhimNetwork student;
    private MhimNetwork teacher;
    private NDManager manager;
    private double randomRatio = 1.0;
    private double auxAlpha = 0.5;
    private ConsistencyLoss consistency = new ConsistencyLoss(0.1, 1.0);
    private float weightDecay = 1e-5f;
    private boolean recordGradientNorms;
    private AdamOptimizer adam;
    private Optional<BlasProjection> blas;

    private Builder() {}

    /**
     * The OpenBLAS projection for the teacher pass (owned by the caller), or empty for libtorch's;
     * by default OpenBLAS is located for a CPU manager and closed with it.
     */
    Builder optBlas(Optional<BlasProjection> blas) {
      this.blas = blas;
      return this;
    }

    /**
     * Updates with {@code adam} (whose state a training loop can checkpoint) instead of DJL's Adam;
     * its own weight decay applies and {@link #optWeightDecay} is ignored.
     */
    public Builder optOptimizer(AdamOptimizer adam) {
      this.adam = adam;
      return this;
    }

    /** The network trained by gradient; its parameters must be initialised. */
    public Builder setStudent(MhimNetwork student) {
      this.student = student;
      return this;
    }

    /** The network that follows the student by EMA; same architecture, initialised. */
    public Builder setTeacher(MhimNetwork teacher) {
      this.teacher = teacher;
      return this;
    }

    /** The manager the step's parameter store lives on (the networks' manager). */
    public Builder setManager(NDManager manager) {
      this.manager = manager;
      return this;
    }

    /**
     * Takes r_hr, aux_alpha and τ_t from a model config ({@code mask_ratio_hr}, {@code aux_alpha},
     * {@code temp_t}); the student temperature stays 1 as in the reference.
     */
    public Builder optConfig(MhimConfig config) {
      this.randomRatio = config.maskRatioHr();
      this.auxAlpha = config.auxAlpha();
      this.consistency = new ConsistencyLoss(config.tempT(), 1.0);
      return this;
    }

    /** r_hr, the fraction of the top-scoring candidates actually masked ({@code mask_ratio_hr}). */
    public Builder optMaskRandomRatio(double randomRatio) {
      this.randomRatio = randomRatio;
      return this;
    }

    /** Weight of the consistency loss in the total ({@code aux_alpha}). */
    public Builder optAuxAlpha(double auxAlpha) {
      this.auxAlpha = auxAlpha;
      return this;
    }

    public Builder optConsistency(ConsistencyLoss consistency) {
      this.consistency = consistency;
      return this;
    }

    /** Adam's L2 weight decay (1e-5). */
    public Builder optWeightDecay(float weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    /** Measure each gradient's L2 norm into {@link StepResult#gradientNorms()} (costs a little). */
    public Builder optRecordGradientNorms(boolean record) {
      this.recordGradientNorms = record;
      return this;
    }

    public MhimTrainingStep build() {
      if (student == null || teacher == null || manager == null) {
        throw new IllegalArgumentException("a training step needs a student, a teacher and a manager");
      }
      if (student == teacher) {
        throw new IllegalArgumentException("student and teacher must be separate networks");
      }
      if (!(randomRatio > 0 && randomRatio <= 1)) {
        throw new IllegalArgumentException("random sub-selection ratio must be in (0, 1], got " + randomRatio);
      }
      if (!(auxAlpha >= 0) || !Double.isFinite(auxAlpha)) {
        throw new IllegalArgumentException("aux_alpha must be finite and non-negative, got " + auxAlpha);
      }
      if (!(weightDecay >= 0)) {
        throw new IllegalArgumentException("weight decay must be non-negative, got " + weightDecay);
      }
      return new MhimTrainingStep(this);
    }
  }
}
