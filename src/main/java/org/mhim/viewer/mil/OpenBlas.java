package org.mhim.viewer.mil;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A binding (java.lang.foreign) to OpenBLAS's single-precision matrix product, {@code cblas_sgemm},
 * loaded from Debian's {@code libopenblas0-pthread}. On the projection's shape ([8192, 1024] ×
 * [1024, 512]) on this project's AMD (Zen 3, AVX2) machine libtorch's statically linked MKL sgemm
 * reached 79 GFLOP/s on one thread and 112 on two, OpenBLAS 84 and 163 (quiet machine); the
 * projection is most of a prediction's and a training step's work.
 *
 * <p>The library stays loaded until {@link #close}. Calls are critical downcalls: they may take
 * Java heap arrays ({@link MemorySegment#ofArray(float[])}) without a copy, and hold off the
 * garbage collector for their duration, so callers keep each call to a block of rows (tens of ms).
 * OpenBLAS's own thread pool is set to one thread: callers parallelise over rows themselves, so no
 * pool of spinning OpenBLAS threads competes with libtorch's OpenMP threads for the cores.
 */
public final class OpenBlas implements AutoCloseable {

  /** Where Debian's {@code libopenblas0-pthread} puts the library (directly, then the alternative). */
  public static final List<Path> DEBIAN_LOCATIONS =
      List.of(
          Path.of("/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0"),
          Path.of("/usr/lib/aarch64-linux-gnu/openblas-pthread/libopenblas.so.0"));

  /**
   * System property: a path to {@code libopenblas.so.0} to use instead of the Debian locations, or
   * {@code off} to keep every matrix product in libtorch (for comparisons).
   */
  public static final String LIBRARY_PROPERTY = "mhim.openblas";

  private static final int ROW_MAJOR = 101;
  private static final int NO_TRANS = 111;
  private static final int TRANS = 112;

  private final Arena arena;
  private final Path library;
  private final MethodHandle sgemm;

  private OpenBlas(Arena arena, Path library, MethodHandle sgemm) {
    this.arena = arena;
    this.library = library;
    this.sgemm = sgemm;
  }

  /**
   * OpenBLAS from {@link #LIBRARY_PROPERTY} when set, else from the first of
   * {@link #DEBIAN_LOCATIONS} that exists; empty when it is off or absent (libtorch then does every
   * product).
   */
  public static Optional<OpenBlas> locate() {
    String configured = System.getProperty(LIBRARY_PROPERTY, "").strip();
    if (configured.equalsIgnoreCase("off")) {
      return Optional.empty();
    }
    return locate(configured.isEmpty() ? DEBIAN_LOCATIONS : List.of(Path.of(configured)));
  }

  /**
   * OpenBLAS from the first of {@code candidates} that exists; empty when none does.
   *
   * @throws IllegalStateException when a candidate exists but is not a usable OpenBLAS
   */
  public static Optional<OpenBlas> locate(List<Path> candidates) {
    for (Path candidate : candidates) {
      if (Files.isRegularFile(candidate)) {
        return Optional.of(load(candidate));
      }
    }
    return Optional.empty();
  }

  /**
   * Loads {@code library} and sets its thread pool to one thread.
   *
   * @throws IllegalStateException when it cannot be loaded or lacks {@code cblas_sgemm}
   */
  public static OpenBlas load(Path library) {
    Objects.requireNonNull(library, "library");
    Arena arena = Arena.ofShared();
    try {
      SymbolLookup lookup = SymbolLookup.libraryLookup(library, arena);
      Linker linker = Linker.nativeLinker();
      MethodHandle sgemm =
          linker.downcallHandle(
              symbol(lookup, library, "cblas_sgemm"),
              FunctionDescriptor.ofVoid(
                  ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                  ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                  ValueLayout.JAVA_FLOAT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                  ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                  ValueLayout.JAVA_FLOAT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
              Linker.Option.critical(true));
      MethodHandle setThreads =
          linker.downcallHandle(
              symbol(lookup, library, "openblas_set_num_threads"),
              FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
      MethodHandle getThreads =
          linker.downcallHandle(
              symbol(lookup, library, "openblas_get_num_threads"), FunctionDescriptor.of(ValueLayout.JAVA_INT));
      setThreads.invokeExact(1);
      int threads = (int) getThreads.invokeExact();
      if (threads != 1) {
        throw new IllegalStateException("OpenBLAS at " + library + " kept " + threads + " threads instead of 1");
      }
      return new OpenBlas(arena, library, sgemm);
    } catch (IllegalArgumentException e) {
      arena.close();
      throw new IllegalStateException("cannot load OpenBLAS from " + library + ": " + e.getMessage(), e);
    } catch (RuntimeException | Error e) {
      arena.close();
      throw e;
    } catch (Throwable e) {
      arena.close();
      throw new IllegalStateException("cannot initialise OpenBLAS from " + library, e);
    }
  }

  private static MemorySegment symbol(SymbolLookup lookup, Path library, String name) {
    return lookup
        .find(name)
        .orElseThrow(() -> new IllegalStateException(library + " has no symbol " + name + ": not OpenBLAS"));
  }

  /** The library file loaded. */
  public Path library() {
    return library;
  }

  /**
   * C ← alpha·A·Bᵀ + beta·C, all row-major: A {@code [m, k]} (row stride {@code lda}), B
   * {@code [n, k]} (row stride {@code ldb}), C {@code [m, n]} (row stride {@code ldc}). Segments may
   * be native or Java heap {@code float[]} segments.
   */
  public void sgemmNT(
      int m, int n, int k, float alpha, MemorySegment a, int lda, MemorySegment b, int ldb,
      float beta, MemorySegment c, int ldc) {
    gemm(NO_TRANS, TRANS, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  }

  /**
   * C ← alpha·A·B + beta·C, all row-major: A {@code [m, k]}, B {@code [k, n]}, C {@code [m, n]}
   * (for an input gradient dZ·W).
   */
  public void sgemmNN(
      int m, int n, int k, float alpha, MemorySegment a, int lda, MemorySegment b, int ldb,
      float beta, MemorySegment c, int ldc) {
    gemm(NO_TRANS, NO_TRANS, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  }

  /**
   * C ← alpha·Aᵀ·B + beta·C, all row-major: A {@code [k, m]}, B {@code [k, n]}, C {@code [m, n]}
   * (for a weight gradient dZᵀ·X).
   */
  public void sgemmTN(
      int m, int n, int k, float alpha, MemorySegment a, int lda, MemorySegment b, int ldb,
      float beta, MemorySegment c, int ldc) {
    gemm(TRANS, NO_TRANS, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  }

  private void gemm(
      int transA, int transB, int m, int n, int k, float alpha, MemorySegment a, int lda,
      MemorySegment b, int ldb, float beta, MemorySegment c, int ldc) {
    if (m < 0 || n < 0 || k < 0) {
      throw new IllegalArgumentException("negative matrix size " + m + " × " + n + " × " + k);
    }
    if (m == 0 || n == 0) {
      return;
    }
    check("A", a, transA == NO_TRANS ? m : k, transA == NO_TRANS ? k : m, lda);
    check("B", b, transB == NO_TRANS ? k : n, transB == NO_TRANS ? n : k, ldb);
    check("C", c, m, n, ldc);
    if (!arena.scope().isAlive()) {
      throw new IllegalStateException("OpenBLAS has been closed");
    }
    try {
      sgemm.invokeExact(ROW_MAJOR, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("cblas_sgemm failed", e);
    }
  }

  /** A row-major {@code [rows, cols]} matrix with row stride {@code ld} must fit in {@code s}. */
  private static void check(String name, MemorySegment s, int rows, int cols, int ld) {
    if (ld < Math.max(1, cols)) {
      throw new IllegalArgumentException(name + ": row stride " + ld + " below its " + cols + " columns");
    }
    long needed = rows == 0 ? 0 : ((long) (rows - 1) * ld + cols) * Float.BYTES;
    if (s.byteSize() < needed) {
      throw new IllegalArgumentException(
          name + ": " + rows + " × " + cols + " floats (stride " + ld + ") need " + needed + " bytes, the segment has "
              + s.byteSize());
    }
  }

  /** Unloads the library; in-flight calls must have returned. */
  @Override
  public void close() {
    arena.close();
  }
}
