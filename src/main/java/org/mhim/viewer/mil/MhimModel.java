package org.mhim.viewer.mil;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SequencedMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.mhim.viewer.features.NoGradient;

/**
 * A loaded MHIM model ready for inference: the student (which predicts) and the teacher (whose
 * scores pick the hard instances), on the GPU when DJL finds one, else the CPU. Owns their native
 * memory; close it when done. {@link #predict} may be called from several threads; {@link #close}
 * waits for running predictions.
 */
public final class MhimModel implements AutoCloseable {

  private final MhimConfig config;
  private final NDManager manager;
  private final MhimNetwork student;
  private final MhimNetwork teacher;
  private final SequencedMap<String, WeightTensor> studentExtras;
  private final SequencedMap<String, WeightTensor> teacherExtras;
  /** The projection's products through OpenBLAS, or null: libtorch does them (GPU, or no OpenBLAS). */
  private final BlasProjection blas;
  /**
   * Networks without a {@link HostPass} (TransMIL) project bags smaller than this through libtorch
   * even when OpenBLAS is there: on the 2-core bench machine the OpenBLAS projection with libtorch's
   * aggregation after it predicted 1,000-instance bags 1.2–1.6× slower and 10,000-instance bags
   * 0.9× faster (docs/benchmarks.md, 2026-11-26 02:15); the cut lies between.
   */
  static final int BLAS_MIN_INSTANCES = 4_096;
  /**
   * The networks' inference without libtorch calls ({@link HostPass}), null where there is none
   * (no OpenBLAS, or a network without one); the teacher's is the student's when there is no
   * teacher.
   */
  private final HostPass studentPass;
  private final HostPass teacherPass;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  private MhimModel(
      MhimConfig config,
      NDManager manager,
      MhimNetwork student,
      MhimNetwork teacher,
      SequencedMap<String, WeightTensor> studentExtras,
      SequencedMap<String, WeightTensor> teacherExtras,
      BlasProjection blas) {
    this.config = config;
    this.blas = blas;
    this.manager = manager;
    this.student = student;
    this.teacher = teacher;
    this.studentExtras = studentExtras;
    this.teacherExtras = teacherExtras;
    // The networks' weights never change after loading: their passes are made once.
    ParameterStore ps = new ParameterStore(manager, false);
    this.studentPass = blas == null ? null : student.hostPass(ps);
    this.teacherPass = blas == null ? null : teacher == student ? studentPass : teacher.hostPass(ps);
  }

  /** {@link #create(MhimConfig, Map, Map, String, Device)} on DJL's default device. */
  public static MhimModel create(
      MhimConfig config,
      Map<String, WeightTensor> studentWeights,
      Map<String, WeightTensor> teacherWeights,
      String source)
      throws IncompatibleWeightsException {
    return create(config, studentWeights, teacherWeights, source, Engine.getInstance().defaultDevice());
  }

  /**
   * Builds the networks for {@code config} and loads the weights (reference names).
   *
   * <p>On the CPU the projection's matrix products run in OpenBLAS when it is installed (see
   * {@link OpenBlas#locate()}), else in libtorch.
   *
   * @param teacherWeights the teacher's, or null to let the student's scores pick hard instances
   * @param source names the weights in error messages
   */
  public static MhimModel create(
      MhimConfig config,
      Map<String, WeightTensor> studentWeights,
      Map<String, WeightTensor> teacherWeights,
      String source,
      Device device)
      throws IncompatibleWeightsException {
    return create(config, studentWeights, teacherWeights, source, device, BlasProjection.forDevice(device).orElse(null));
  }

  /** {@link #create(MhimConfig, Map, Map, String, Device)} with the given OpenBLAS projection (owned from here on), or null for libtorch's. */
  static MhimModel create(
      MhimConfig config,
      Map<String, WeightTensor> studentWeights,
      Map<String, WeightTensor> teacherWeights,
      String source,
      Device device,
      BlasProjection blas)
      throws IncompatibleWeightsException {
    Objects.requireNonNull(studentWeights, "studentWeights");
    NDManager manager = NDManager.newBaseManager(device);
    try {
      MhimNetwork student = newNetwork(config, manager);
      SequencedMap<String, WeightTensor> studentExtras =
          StateDicts.load(student, studentWeights, source + " (student)");
      MhimNetwork teacher = student;
      SequencedMap<String, WeightTensor> teacherExtras = new LinkedHashMap<>();
      if (teacherWeights != null) {
        teacher = newNetwork(config, manager);
        teacherExtras = StateDicts.load(teacher, teacherWeights, source + " (teacher)");
      }
      return new MhimModel(config, manager, student, teacher, studentExtras, teacherExtras, blas);
    } catch (IncompatibleWeightsException | RuntimeException e) {
      manager.close();
      if (blas != null) {
        blas.close();
      }
      throw e;
    }
  }

  private static MhimNetwork newNetwork(MhimConfig config, NDManager manager) {
    MhimNetwork net = MhimNetwork.of(config);
    net.initialize(manager, DataType.FLOAT32, new Shape(1, config.inputDim()));
    return net;
  }

  public MhimConfig config() {
    return config;
  }

  public Device device() {
    return manager.getDevice();
  }

  /** Whether the projection's matrix products run in OpenBLAS (else libtorch). */
  public boolean usesOpenBlas() {
    return blas != null;
  }

  /** Whether the teacher has weights of its own (otherwise the student scores hard instances). */
  public boolean hasTeacher() {
    return teacher != student;
  }

  /** The student network (for inspection; its arrays belong to this model). */
  public MhimNetwork student() {
    return student;
  }

  /** The teacher network, the student itself when there is no separate teacher. */
  public MhimNetwork teacher() {
    return teacher;
  }

  /** The student's weights, including recycle-network weights it carried, by reference name. */
  public SequencedMap<String, WeightTensor> studentWeights() {
    return withExtras(student, studentExtras);
  }

  /** The teacher's weights, or null when there is no separate teacher. */
  public SequencedMap<String, WeightTensor> teacherWeights() {
    return hasTeacher() ? withExtras(teacher, teacherExtras) : null;
  }

  private SequencedMap<String, WeightTensor> withExtras(
      MhimNetwork net, SequencedMap<String, WeightTensor> extras) {
    lock.readLock().lock();
    try {
      checkOpen();
      LinkedHashMap<String, WeightTensor> all = new LinkedHashMap<>(extras);
      all.putAll(StateDicts.export(net));
      return all;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** {@code predict(bag, true)}. */
  public Prediction predict(Bag bag) {
    return predict(bag, true);
  }

  /**
   * Runs the student on the whole bag (no masking, no recycling) and, with {@code withTeacher},
   * the teacher for the hard-instance scores; without it the teacher scores are the student's.
   */
  public Prediction predict(Bag bag, boolean withTeacher) {
    return predict(bag, withTeacher, BlockwiseProjection.BLOCK_FLOATS);
  }

  /** {@link #predict(Bag, boolean)} feeding the bag in blocks of about {@code blockFloats} values. */
  Prediction predict(Bag bag, boolean withTeacher, int blockFloats) {
    if (bag.dim() != config.inputDim()) {
      throw new IllegalArgumentException(
          "the bag has features of dimension " + bag.dim() + ", the model takes "
              + config.inputDim());
    }
    lock.readLock().lock();
    try {
      checkOpen();
      boolean withTeacherPass = withTeacher && hasTeacher();
      return studentPass != null && teacherPass != null
          ? predictOnHost(bag, withTeacherPass)
          : predictThroughLibtorch(bag, withTeacherPass, blockFloats);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** {@link #predict(Bag, boolean, int)} block by block through each network's {@link InstanceStream}. */
  private Prediction predictThroughLibtorch(Bag bag, boolean withTeacherPass, int blockFloats) {
    try (NoGradient _ = NoGradient.enter();
        NDManager scope = newScope()) {
      ParameterStore ps = new ParameterStore(scope, false);
      List<MhimNetwork> networks = withTeacherPass ? List.of(student, teacher) : List.of(student);
      List<InstanceStream> streams = networks.stream().map(n -> n.explainer(ps, scope, false)).toList();
      // Each block of the bag is projected by every network and handed on while in cache.
      BlockwiseProjection.forEachBlock(
          scope, ps, bag, networks, streams, blockFloats,
          bag.n() >= BLAS_MIN_INSTANCES ? blas : null);
      InstanceStream.Explanation out = streams.get(0).finish();
      InstanceEvidence ev = out.evidence();
      float[] scores = ev.scores().toFloatArray();
      // The teacher's scores, from the same blocks; without a teacher pass the student's.
      float[] teacherScores = withTeacherPass ? streams.get(1).finish().evidence().scores().toFloatArray() : scores;
      NDArray logits = out.logits(); // [C]
      return new Prediction(
          config.classNames(),
          logits.toFloatArray(),
          logits.softmax(0).toFloatArray(),
          rows(ev.classProbabilities().toFloatArray(), bag.n(), config.classes()),
          scores,
          ev.attention().toFloatArray(),
          teacherScores);
    }
  }

  /** {@link #predict(Bag, boolean, int)} through each network's {@link HostPass}: no libtorch call. */
  private Prediction predictOnHost(Bag bag, boolean withTeacherPass) {
    MemorySegment x = MemorySegment.ofArray(bag.features());
    HostExplanation out = studentPass.explain(blas, x, bag.n());
    float[] teacherScores = withTeacherPass ? teacherPass.explain(blas, x, bag.n()).scores() : out.scores();
    return new Prediction(
        config.classNames(),
        out.logits(),
        HostSoftmax.of(out.logits()),
        rows(out.instanceProbabilities(), bag.n(), config.classes()),
        out.scores(),
        out.attention(),
        teacherScores);
  }

  private NDManager newScope() {
    checkOpen();
    return manager.newSubManager();
  }

  private static float[][] rows(float[] flat, int n, int c) {
    float[][] out = new float[n][];
    for (int i = 0; i < n; i++) {
      out[i] = Arrays.copyOfRange(flat, i * c, (i + 1) * c);
    }
    return out;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the model is closed");
    }
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        manager.close();
        if (blas != null) {
          blas.close();
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
