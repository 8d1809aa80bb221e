package org.mhim.viewer.mil;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The instance projection's Linear layer (and its ReLU) through {@link OpenBlas} instead of
 * libtorch's MKL, for CPU arrays without gradient: the bag's rows are read in place (a Java
 * {@code float[]} or a libtorch array's memory) and the result is written straight into a new
 * libtorch array, or, for a {@link HostPass}, into each thread's own memory and handed to the pass
 * unit by unit ({@link #projectUnits}). The rows are handed out in units to as many threads as
 * libtorch's intra-op setting, each doing bias, product and ReLU of its unit in one pass; the helper
 * threads are owned here. OpenBLAS itself runs one thread per call (see {@link OpenBlas}).
 */
final class BlasProjection implements AutoCloseable, ParallelRanges {

  /** Below this many rows a unit of work is not worth a hand-over (and OpenBLAS is less efficient). */
  private static final int MIN_UNIT_ROWS = 256;

  /** Rows gathered per product in training: 1,024 rows of a 1024-d bag are 4 MiB of scratch. */
  private static final int GATHER_ROWS = 1024;

  private final OpenBlas blas;
  private final int threads;
  private final ExecutorService helpers;
  /** The gathering threads' scratch memory, reused across calls (see {@link #takeScratch}). */
  private final Arena scratchArena = Arena.ofShared();
  private final ConcurrentLinkedDeque<MemorySegment> scratchPool = new ConcurrentLinkedDeque<>();

  BlasProjection(OpenBlas blas, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive, got " + threads);
    }
    this.blas = blas;
    this.threads = threads;
    this.helpers =
        threads == 1
            ? null
            : Executors.newFixedThreadPool(
                threads - 1, Thread.ofPlatform().daemon().name("mhim-openblas-", 1).factory());
  }

  /**
   * System property: how many threads share the projection's products; by default as many as
   * libtorch's intra-op threads.
   */
  static final String THREADS_PROPERTY = "mhim.openblas.threads";

  /**
   * OpenBLAS (see {@link OpenBlas#locate()}) with {@link #THREADS_PROPERTY} threads (by default
   * libtorch's intra-op thread count), or empty when there is none: callers then keep the libtorch
   * path.
   */
  static Optional<BlasProjection> locate() {
    int threads = Integer.getInteger(THREADS_PROPERTY, JniUtils.getNumThreads());
    return OpenBlas.locate().map(b -> new BlasProjection(b, Math.max(1, threads)));
  }

  /**
   * {@link #locate()} for arrays on {@code device}: empty unless it is the CPU, as OpenBLAS reads
   * and writes host memory. Loads libtorch first, whose thread count it asks for.
   */
  static Optional<BlasProjection> forDevice(Device device) {
    if (!Device.Type.CPU.equals(device.getDeviceType())) {
      return Optional.empty();
    }
    Engine.getEngine("PyTorch");
    return locate();
  }

  int threads() {
    return threads;
  }

  /**
   * {@code projection}'s Linear layer and activation of {@code rows} rows of {@code x} (row-major,
   * {@code inputDim} floats a row), then {@code dropout} when not null (ReLU only: the threads
   * apply it to their rows as they finish them), as a new {@code [rows, outputDim]} array on
   * {@code manager}. Autograd must be off: the result has no history.
   */
  NDArray project(
      InstanceProjection projection, ParameterStore ps, MemorySegment x, int rows, NDManager manager, boolean training,
      HostDropout.Mask dropout) {
    requireNoGradient();
    int in = projection.inputDim();
    int out = projection.outputDim();
    requireRows(x, rows, in);
    boolean relu = projection.activation() == ActivationKind.RELU;
    if (dropout != null && !relu) {
      throw new IllegalArgumentException("dropout in the projection's pass follows a ReLU only");
    }
    Target t = Target.of(projection, ps, rows, manager, training);
    MemorySegment w = t.weight();
    MemorySegment b = t.bias();
    NDArray h = t.output();
    MemorySegment c = t.outputMemory();
    inUnits(rows, forwardUnit(rows, Integer.MAX_VALUE), 0,
        (unit, from, to, none) -> rowsOf(x, w, b, c, from, to, in, out, relu, dropout, 0));
    return relu ? h : projection.activation().apply(h);
  }

  /**
   * {@link #project} of a ReLU projection (with {@code dropout} when not null), plus the products
   * {@code h·P_jᵀ} ({@code [rows, n_j]}, no bias) of its output with each of {@code weights}
   * ({@code [n_j, outputDim]}): each thread multiplies the rows it has just projected while they
   * are still in cache, so the consumer's first layers (AB-MIL's attention and classifier, DSMIL's)
   * need no further pass over the projected rows. Returns the output array followed by one array
   * per weight, all on {@code manager}. Autograd must be off.
   */
  List<NDArray> projectWithProducts(
      InstanceProjection projection, ParameterStore ps, MemorySegment x, int rows, NDManager manager, boolean training,
      List<NDArray> weights, HostDropout.Mask dropout) {
    requireNoGradient();
    if (!trains(projection)) {
      throw new IllegalArgumentException("row products follow a ReLU projection only");
    }
    int in = projection.inputDim();
    int out = projection.outputDim();
    requireRows(x, rows, in);
    Target t = Target.of(projection, ps, rows, manager, training);
    MemorySegment w = t.weight();
    MemorySegment b = t.bias();
    MemorySegment c = t.outputMemory();
    Products products = Products.of(weights, out, rows, manager);
    inUnits(rows, forwardUnit(rows, Integer.MAX_VALUE), 0, (unit, from, to, none) -> {
      rowsOf(x, w, b, c, from, to, in, out, true, dropout, 0);
      products.ofRows(blas, c, from, to);
    });
    List<NDArray> results = new ArrayList<>(weights.size() + 1);
    results.add(t.output());
    results.addAll(products.arrays());
    return results;
  }

  /**
   * The products {@code h·P_jᵀ} ({@code [rows, n_j]}, no bias) of the rows of {@code h}
   * ({@code [rows, D]}, a CPU float32 array) with each of {@code weights} ({@code [n_j, D]}), split
   * over the threads by rows, as new arrays on {@code manager}: for rows that
   * {@link #projectWithProducts} did not make (a projection that is not ReLU). Autograd must be off.
   */
  List<NDArray> products(NDArray h, List<NDArray> weights, NDManager manager) {
    requireNoGradient();
    if (h.getShape().dimension() != 2) {
      throw new IllegalArgumentException("rows must be [rows, D], got " + h.getShape());
    }
    int rows = Math.toIntExact(h.getShape().get(0));
    int dim = Math.toIntExact(h.getShape().get(1));
    MemorySegment hv = HostArrays.requireView(h, "rows to multiply");
    Products products = Products.of(weights, dim, rows, manager);
    inUnits(rows, forwardUnit(rows, Integer.MAX_VALUE), 0, (unit, from, to, none) -> products.ofRows(blas, hv, from, to));
    return products.arrays();
  }

  /** Products h·P_jᵀ being made: the weights' memory and widths, and the output arrays with their memory. */
  private record Products(MemorySegment[] weights, int[] widths, int dim, List<NDArray> arrays, MemorySegment[] outputs) {
    static Products of(List<NDArray> weights, int dim, int rows, NDManager manager) {
      int k = weights.size();
      MemorySegment[] p = new MemorySegment[k];
      MemorySegment[] pc = new MemorySegment[k];
      int[] widths = new int[k];
      List<NDArray> arrays = new ArrayList<>(k);
      for (int j = 0; j < k; j++) {
        NDArray weight = weights.get(j);
        if (weight.getShape().dimension() != 2 || weight.getShape().get(1) != dim) {
          throw new IllegalArgumentException("a row product's weight must be [n, " + dim + "], got " + weight.getShape());
        }
        widths[j] = Math.toIntExact(weight.getShape().get(0));
        p[j] = HostArrays.requireView(weight, "row product's weight");
        NDArray product = manager.create(new Shape(rows, widths[j]), DataType.FLOAT32);
        pc[j] = HostArrays.requireWritable(product, "row product");
        arrays.add(product);
      }
      return new Products(p, widths, dim, List.copyOf(arrays), pc);
    }

    /** Rows [from, to) of every product, from rows [from, to) of {@code h} ({@code dim} floats a row). */
    void ofRows(OpenBlas blas, MemorySegment h, int from, int to) {
      long rowBytes = (long) dim * Float.BYTES;
      MemorySegment rows = h.asSlice(from * rowBytes, (to - from) * rowBytes);
      for (int j = 0; j < weights.length; j++) {
        long productRowBytes = (long) widths[j] * Float.BYTES;
        blas.sgemmNT(to - from, widths[j], dim, 1f, rows, dim, weights[j], dim, 0f,
            outputs[j].asSlice(from * productRowBytes, (to - from) * productRowBytes), widths[j]);
      }
    }
  }

  /**
   * Rows per unit of {@link #projectUnits} at most: 1,024 projected rows of 512 floats are 2 MiB,
   * which stay in cache for the consumer's products and sums; more units also let a thread that
   * loses its core take fewer of them.
   */
  static final int HOST_UNIT_ROWS = 1024;

  /** What {@link #projectUnits} hands each unit of rows to, on the thread that projected it. */
  @FunctionalInterface
  interface ProjectedUnit {
    /**
     * @param unit the unit's index, from 0 in bag order
     * @param from the unit's first row of the bag
     * @param to the row after its last
     * @param h rows [from, to) projected: {@code [to − from, outputDim]}, row-major
     * @param scratch this thread's own further memory, as much as asked for
     */
    void accept(int unit, int from, int to, MemorySegment h, MemorySegment scratch);
  }

  /** How many units {@link #projectUnits} splits {@code rows} rows into. */
  int unitsOf(int rows) {
    return ceilDiv(rows, forwardUnit(rows, HOST_UNIT_ROWS));
  }

  /**
   * A ReLU projection's Linear layer in host memory, for {@link #projectUnits}: weight
   * {@code [out, in]} and bias {@code [out]}, views of the parameters' arrays (valid while they are).
   */
  record HostLinear(MemorySegment weight, MemorySegment bias, int in, int out) {

    /** {@code projection}'s parameters through {@code ps}, on the CPU, for inference; ReLU projections only. */
    static HostLinear of(InstanceProjection projection, ParameterStore ps) {
      if (!trains(projection)) {
        throw new IllegalArgumentException("the OpenBLAS inference projection takes ReLU only");
      }
      return of(projection, ps, Device.cpu(), false);
    }

    /** {@code projection}'s parameters through {@code ps} on {@code device} (a CPU one). */
    static HostLinear of(InstanceProjection projection, ParameterStore ps, Device device, boolean training) {
      NDArray w = ps.getValue(projection.linear().getParameters().get("weight"), device, training);
      NDArray b = ps.getValue(projection.linear().getParameters().get("bias"), device, training);
      return new HostLinear(
          HostArrays.requireView(w, "projection's weight"), HostArrays.requireView(b, "projection's bias"),
          projection.inputDim(), projection.outputDim());
    }
  }

  /**
   * The projection (Linear and ReLU, then {@code dropout} when not null) of {@code rows} rows of
   * {@code x}, unit by unit ({@link #unitsOf}) on this projection's threads, each unit written into
   * its thread's own memory and handed to {@code consumer} there while it is in cache; no libtorch
   * array is made. Each thread's memory (the unit's rows and {@code scratchFloatsPerRow} floats a
   * row more) is reused for its next unit, so a consumer keeps what it needs elsewhere.
   */
  void projectUnits(
      HostLinear projection, MemorySegment x, int rows, HostDropout.Mask dropout, int scratchFloatsPerRow,
      ProjectedUnit consumer) {
    int in = projection.in();
    int out = projection.out();
    requireRows(x, rows, in);
    int unitRows = forwardUnit(rows, HOST_UNIT_ROWS);
    long hBytes = (long) unitRows * out * Float.BYTES;
    inUnits(rows, unitRows, hBytes + (long) unitRows * scratchFloatsPerRow * Float.BYTES, (unit, from, to, memory) -> {
      MemorySegment h = memory.asSlice(0, (long) (to - from) * out * Float.BYTES);
      rowsOf(x.asSlice((long) from * in * Float.BYTES), projection.weight(), projection.bias(), h, 0, to - from, in, out,
          true, dropout, from);
      consumer.accept(unit, from, to, h, memory.asSlice(hBytes));
    });
  }

  /** The OpenBLAS this projection multiplies with, for consumers of {@link #projectUnits}. */
  OpenBlas blas() {
    return blas;
  }

  /** Whether {@link #projectGathered} and {@link #addGradients} can train {@code projection} (ReLU only). */
  static boolean trains(InstanceProjection projection) {
    return projection.activation() == ActivationKind.RELU;
  }

  /**
   * Linear layer and ReLU of the bag rows {@code order[from..to)}, in that order, then
   * {@code dropout} when not null, as a new {@code [to − from, outputDim]} array on
   * {@code manager}: the rows are gathered a chunk at a time into per-thread scratch memory, never
   * into one gathered copy. Autograd must be off; the training step makes the result a leaf and
   * hands its gradient to {@link #addGradients}.
   */
  NDArray projectGathered(
      InstanceProjection projection, ParameterStore ps, MemorySegment bag, long[] order, int from, int to,
      NDManager manager, boolean training, HostDropout.Mask dropout) {
    requireNoGradient();
    if (!trains(projection)) {
      throw new IllegalArgumentException("the OpenBLAS training projection takes ReLU only");
    }
    int in = projection.inputDim();
    int out = projection.outputDim();
    int rows = to - from;
    Target t = Target.of(projection, ps, rows, manager, training);
    MemorySegment w = t.weight();
    MemorySegment b = t.bias();
    NDArray h = t.output();
    MemorySegment c = t.outputMemory();
    long inBytes = (long) in * Float.BYTES;
    int unitRows = forwardUnit(rows, GATHER_ROWS);
    inUnits(rows, unitRows, unitRows * inBytes, (unit, start, end, x) -> {
      gatherColumns(bag, order, from + start, end - start, in, 0, in, x); // whole rows
      rowsOf(x, w, b, c.asSlice((long) start * out * Float.BYTES), 0, end - start, in, out, true, dropout, start);
    });
    return h;
  }

  /**
   * Adds the gradients of the projection's weight and bias to {@code dW} ({@code [out, in]}) and
   * {@code db} ({@code [out]}), the memory of the parameters' gradient arrays, given {@code h} =
   * dropout(ReLU(X·Wᵀ+b)) of the bag rows {@code order[0..L)} from {@link #projectGathered}
   * (dropout applied in place, kept values scaled by {@code scale}, 1 without dropout), split into
   * {@code parts}, consecutive row views of {@code h} that are leaves of the backward pass, whose
   * gradients make dH: dZ = dH·scale where h > 0, else 0 (a value is positive exactly when ReLU
   * passed it and dropout kept it); dW += dZᵀ·X, db += Σ_rows dZ. {@code h}'s memory is
   * overwritten with dZ, so the product runs over all L rows at once. Autograd must be off.
   *
   * <p>dZ is formed in row units of {@link #GATHER_ROWS} per part; the product is split by columns
   * of X, each column unit gathering its slice of the rows and adding their products straight into
   * its own columns of dW. No two units share an output value and every sum runs in a fixed order,
   * so the result does not depend on the thread count or on which thread took which unit.
   */
  void addGradients(
      InstanceProjection projection, MemorySegment bag, long[] order, NDArray h, NDList parts, float scale,
      MemorySegment dW, MemorySegment db) {
    requireNoGradient();
    int in = projection.inputDim();
    int out = projection.outputDim();
    int rows = Math.toIntExact(h.getShape().get(0));
    if ((long) out * in * Float.BYTES > dW.byteSize() || (long) out * Float.BYTES > db.byteSize()) {
      throw new IllegalArgumentException("gradient memory too small for a " + out + " × " + in + " projection");
    }
    long outBytes = (long) out * Float.BYTES;
    MemorySegment dz = HostArrays.requireWritable(h, "projection's output"); // [rows, out], becomes dZ
    List<NDArray> gradients = new ArrayList<>(parts.size());
    try {
      List<RowUnit> units = new ArrayList<>();
      int first = 0;
      for (NDArray part : parts) {
        int partRows = Math.toIntExact(part.getShape().get(0));
        // null when the part took no part in the loss: its dH is zero.
        NDArray g = partRows > 0 ? JniUtils.getGradient((PtNDArray) part) : null;
        gradients.add(g);
        MemorySegment dh = g == null ? null : HostArrays.requireView(g, "projection's output gradient");
        for (int r = 0; r < partRows; r += GATHER_ROWS) {
          int unitRows = Math.min(GATHER_ROWS, partRows - r);
          units.add(new RowUnit(dh == null ? null : dh.asSlice(r * outBytes, unitRows * outBytes), first + r, unitRows));
        }
        first += partRows;
      }
      if (first != rows) {
        throw new IllegalArgumentException("the parts hold " + first + " of the projection's " + rows + " rows");
      }
      float[][] sums = new float[units.size()][];
      inUnits(units.size(), 1, 0, (unit, from, to, none) -> {
        RowUnit rowUnit = units.get(unit);
        MemorySegment dzRows = dz.asSlice(rowUnit.first() * outBytes, rowUnit.rows() * outBytes);
        float[] unitSums = new float[out];
        if (rowUnit.gradient() == null) {
          dzRows.fill((byte) 0);
        } else {
          reluDropoutBackward(rowUnit.gradient(), dzRows, scale, unitSums);
        }
        sums[unit] = unitSums;
      });
      float[] bias = db.asSlice(0, outBytes).toArray(ValueLayout.JAVA_FLOAT);
      for (float[] unitSums : sums) {
        for (int j = 0; j < out; j++) {
          bias[j] += unitSums[j];
        }
      }
      MemorySegment.copy(bias, 0, db, ValueLayout.JAVA_FLOAT, 0, out);
      int columns = gradientColumns(in);
      inUnits(in, columns, (long) GATHER_ROWS * columns * Float.BYTES, (unit, c0, c1, x) -> {
        int width = c1 - c0;
        MemorySegment dWColumns = dW.asSlice((long) c0 * Float.BYTES);
        for (int r = 0; r < rows; r += GATHER_ROWS) {
          int n = Math.min(GATHER_ROWS, rows - r);
          gatherColumns(bag, order, r, n, in, c0, width, x);
          blas.sgemmTN(out, width, n, 1f, dz.asSlice(r * outBytes, n * outBytes), out, x, width, 1f, dWColumns, in);
        }
      });
    } finally {
      for (NDArray g : gradients) {
        if (g != null) {
          g.close();
        }
      }
    }
  }

  /**
   * Splits {@code count} values among this projection's threads as its forward products split
   * rows (about two parts a thread), in parts of at least {@code minUnit}.
   */
  @Override
  public void run(int count, int minUnit, ParallelRanges.Range task) {
    if (count <= 0) {
      return;
    }
    inUnits(count, Math.max(minUnit, forwardUnit(count, Integer.MAX_VALUE)), 0, (unit, from, to, none) -> task.run(from, to));
  }

  /**
   * Columns of X per unit of the weight gradient: about two units per thread, at least
   * {@link #MIN_UNIT_ROWS} columns (narrower products lose OpenBLAS efficiency); one thread takes
   * all.
   */
  private int gradientColumns(int in) {
    return threads == 1 ? in : Math.clamp(ceilDiv(in, 2 * threads), Math.min(in, MIN_UNIT_ROWS), in);
  }

  /**
   * Rows {@code [first, first + rows)} of a projection, all in one part, and their dH in that
   * part's gradient (null when the part's gradient is zero).
   */
  private record RowUnit(MemorySegment gradient, int first, int rows) {}

  /**
   * dZ ← dH·scale where h > 0, else 0, written over {@code h} (read first, row by row); adds each
   * column's sum to {@code sums}.
   */
  private static void reluDropoutBackward(MemorySegment dh, MemorySegment h, float scale, float[] sums) {
    int out = sums.length;
    float[] g = new float[out];
    float[] v = new float[out];
    long rowBytes = (long) out * Float.BYTES;
    for (long offset = 0; offset < h.byteSize(); offset += rowBytes) {
      MemorySegment.copy(dh, ValueLayout.JAVA_FLOAT, offset, g, 0, out);
      MemorySegment.copy(h, ValueLayout.JAVA_FLOAT, offset, v, 0, out);
      for (int j = 0; j < out; j++) {
        // h ≥ 0 (ReLU, then dropout's scaling), so signum(h) is 1 where h > 0 and 0 elsewhere:
        // without a branch, which mispredicted on about every other value (~5× slower).
        float d = g[j] * scale * Math.signum(v[j]);
        g[j] = d;
        sums[j] += d;
      }
      MemorySegment.copy(g, 0, h, ValueLayout.JAVA_FLOAT, offset, out);
    }
  }

  /**
   * Copies columns {@code [c0, c0 + width)} (whole rows: 0, {@code in}) of bag rows
   * {@code order[first..first+n)} (rows of {@code in} floats) into {@code x}, {@code width} floats a
   * row.
   */
  private static void gatherColumns(
      MemorySegment bag, long[] order, int first, int n, int in, int c0, int width, MemorySegment x) {
    long rowBytes = (long) in * Float.BYTES;
    long sliceBytes = (long) width * Float.BYTES;
    long offset = (long) c0 * Float.BYTES;
    for (int i = 0; i < n; i++) {
      MemorySegment.copy(bag, order[first + i] * rowBytes + offset, x, i * sliceBytes, sliceBytes);
    }
  }

  /** One unit of work: rows [from, to), with this thread's scratch memory (null when none was asked). */
  @FunctionalInterface
  private interface Unit {
    void run(int unit, int from, int to, MemorySegment scratch);
  }

  /**
   * Rows per forward unit, at most {@code cap}: one thread takes all it can (OpenBLAS is less
   * efficient on a few hundred rows than on a thousand); several take about two units each, so one
   * that loses its core holds the others up by half its share at most — or, when such units would
   * fall under {@link #MIN_UNIT_ROWS}, one equal unit each (a fixed 256-row unit split 777 rows
   * 512 : 265 between two threads).
   */
  private int forwardUnit(int rows, int cap) {
    if (threads == 1) {
      return Math.min(rows, cap);
    }
    int twoEach = ceilDiv(rows, 2 * threads);
    return Math.min(twoEach >= MIN_UNIT_ROWS ? twoEach : ceilDiv(rows, threads), cap);
  }

  private static int ceilDiv(int a, int b) {
    return Math.max(1, (a + b - 1) / b);
  }

  /**
   * Runs {@code task} over {@code rows} (or columns) in units of {@code unitRows}, handed out one at
   * a time to the calling thread and the helpers: a thread that loses its core to another process
   * (or to libtorch's OpenMP threads, which spin a while after each parallel region) simply takes
   * fewer units instead of holding the others up. Each thread gets {@code scratchBytes} bytes of
   * scratch memory (none when 0).
   */
  private void inUnits(int rows, int unitRows, long scratchBytes, Unit task) {
    int units = ceilDiv(rows, unitRows);
    int workers = Math.min(threads, units);
    AtomicInteger next = new AtomicInteger();
    Runnable worker =
        () -> {
          MemorySegment scratch = scratchBytes == 0 ? null : takeScratch(scratchBytes);
          try {
            for (int u = next.getAndIncrement(); u < units; u = next.getAndIncrement()) {
              int from = u * unitRows;
              task.run(u, from, Math.min(rows, from + unitRows), scratch);
            }
          } finally {
            if (scratch != null) {
              scratchPool.push(scratch);
            }
          }
        };
    List<Future<?>> pending = new ArrayList<>(workers - 1);
    try {
      for (int p = 1; p < workers; p++) {
        pending.add(helpers.submit(worker));
      }
      worker.run(); // the caller's own share
    } finally {
      await(pending); // the helpers write into the caller's arrays: never free them before they finish
    }
  }

  /**
   * Scratch memory of at least {@code bytes}, from the pool when it holds a piece that large. A
   * fresh allocation of a few MiB per call would be a fresh mapping each time (glibc maps
   * allocations that large on their own), page-faulted in and zeroed by the kernel on every call;
   * pooled pieces are reused, and freed when this projection closes. A piece too small is dropped
   * (it stays allocated until then; the sizes asked for are fixed by the model's dimensions).
   */
  private MemorySegment takeScratch(long bytes) {
    MemorySegment piece = scratchPool.poll();
    if (piece != null && piece.byteSize() >= bytes) {
      return piece;
    }
    synchronized (scratchArena) {
      return scratchArena.allocate(bytes, 64);
    }
  }

  /**
   * Rows [from, to): C ← bias, C += X·Wᵀ, then ReLU when asked and then {@code dropout} (may be
   * null), in one pass over the rows while they are in cache. Row 0 of {@code c} is row
   * {@code maskRow0} of the output the dropout mask covers.
   */
  private void rowsOf(
      MemorySegment x, MemorySegment w, MemorySegment b, MemorySegment c, int from, int to, int in, int out,
      boolean relu, HostDropout.Mask dropout, int maskRow0) {
    long rowBytes = (long) out * Float.BYTES;
    for (int r = from; r < to; r++) {
      MemorySegment.copy(b, 0, c, r * rowBytes, rowBytes);
    }
    MemorySegment xs = x.asSlice((long) from * in * Float.BYTES, (long) (to - from) * in * Float.BYTES);
    MemorySegment cs = c.asSlice(from * rowBytes, (to - from) * rowBytes);
    blas.sgemmNT(to - from, out, in, 1f, xs, in, w, in, 1f, cs, out);
    if (!relu && dropout == null) {
      return;
    }
    long maskFirst = (long) (maskRow0 + from) * out;
    HostArrays.updateAt(1, (chunks, length, first) -> {
      float[] values = chunks[0];
      if (relu) {
        for (int i = 0; i < length; i++) {
          values[i] = Math.max(values[i], 0f);
        }
      }
      if (dropout != null) {
        dropout.next(values, length, maskFirst + first, true);
      }
    }, cs);
  }

  /**
   * A forward pass's operands: the Linear layer's weight {@code [out, in]} and bias {@code [out]}
   * in place, and a new uninitialised {@code [rows, out]} output array with its writable memory.
   */
  private record Target(MemorySegment weight, MemorySegment bias, NDArray output, MemorySegment outputMemory) {
    static Target of(InstanceProjection projection, ParameterStore ps, int rows, NDManager manager, boolean training) {
      HostLinear linear = HostLinear.of(projection, ps, manager.getDevice(), training);
      NDArray output = manager.create(new Shape(rows, projection.outputDim()), DataType.FLOAT32);
      return new Target(linear.weight(), linear.bias(), output, HostArrays.requireWritable(output, "projection's output"));
    }
  }

  /** {@code rows} rows of {@code in} floats must fit in {@code x}. */
  private static void requireRows(MemorySegment x, int rows, int in) {
    if (x.byteSize() < (long) rows * in * Float.BYTES) {
      throw new IllegalArgumentException(rows + " rows of " + in + " floats do not fit in " + x.byteSize() + " bytes");
    }
  }

  private static void requireNoGradient() {
    if (JniUtils.isGradMode()) {
      throw new IllegalStateException("the OpenBLAS projection records no gradient; turn autograd off");
    }
  }

  /** Waits for every part, even when interrupted (they write into an array the caller frees). */
  private static void await(List<Future<?>> pending) {
    RuntimeException failure = null;
    boolean interrupted = false;
    for (Future<?> f : pending) {
      while (true) {
        try {
          f.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          failure =
              e.getCause() instanceof RuntimeException r ? r : new IllegalStateException("projection failed", e.getCause());
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void close() {
    if (helpers != null) {
      helpers.close(); // waits for running parts
    }
    scratchPool.clear();
    scratchArena.close();
    blas.close();
  }
}
