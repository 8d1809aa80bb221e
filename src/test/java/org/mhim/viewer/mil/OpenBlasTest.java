package org.mhim.viewer.mil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenBLAS binding against Debian's libopenblas0-pthread (a test dependency, see
 * scripts/deps.sh): its products against plain Java loops, on heap and native memory, and the
 * locator's answers for a missing and a non-library file.
 */
class OpenBlasTest {

  static OpenBlas debianOpenBlas() {
    return OpenBlas.locate(OpenBlas.DEBIAN_LOCATIONS)
        .orElseThrow(() -> new AssertionError("libopenblas0-pthread is not installed (scripts/deps.sh lists it)"));
  }

  @Test
  void productWithTransposedSecondFactorMatchesPlainLoops() {
    int m = 37, n = 19, k = 53; // odd sizes: no kernel's block size divides them
    float[] a = random(m * k, 1);
    float[] b = random(n * k, 2);
    float[] c = random(m * n, 3);
    float[] expected = product(m, n, k, 0.5, (i, p) -> a[i * k + p], (p, j) -> b[j * k + p]);
    for (int i = 0; i < m * n; i++) {
      expected[i] += 2 * c[i];
    }
    try (OpenBlas blas = debianOpenBlas()) {
      blas.sgemmNT(m, n, k, 0.5f, MemorySegment.ofArray(a), k, MemorySegment.ofArray(b), k, 2f,
          MemorySegment.ofArray(c), n);
    }
    assertClose(expected, c);
  }

  @Test
  void plainProductMatchesPlainLoops() {
    int m = 23, n = 31, k = 3; // a few columns into many, as the DSMIL head's gradients are
    float[] a = random(m * k, 6); // [m, k]
    float[] b = random(k * n, 7); // [k, n]
    float[] expected = product(m, n, k, 1.5, (i, p) -> a[i * k + p], (p, j) -> b[p * n + j]);
    float[] c = new float[m * n];
    try (OpenBlas blas = debianOpenBlas()) {
      blas.sgemmNN(m, n, k, 1.5f, MemorySegment.ofArray(a), k, MemorySegment.ofArray(b), n, 0f, MemorySegment.ofArray(c), n);
    }
    assertClose(expected, c);
  }

  @Test
  void productWithTransposedFirstFactorWritesNativeMemory() {
    int m = 11, n = 29, k = 41;
    float[] a = random(k * m, 4); // [k, m]
    float[] b = random(k * n, 5); // [k, n]
    float[] expected = product(m, n, k, 1, (i, p) -> a[p * m + i], (p, j) -> b[p * n + j]);
    try (OpenBlas blas = debianOpenBlas();
        Arena arena = Arena.ofConfined()) {
      MemorySegment c = arena.allocate((long) m * n * Float.BYTES, 64);
      MemorySegment nativeB = arena.allocate((long) k * n * Float.BYTES, 64);
      MemorySegment.copy(b, 0, nativeB, ValueLayout.JAVA_FLOAT, 0, b.length);
      blas.sgemmTN(m, n, k, 1f, MemorySegment.ofArray(a), m, nativeB, n, 0f, c, n);
      assertClose(expected, c.toArray(ValueLayout.JAVA_FLOAT));
    }
  }

  @Test
  void refusesMatricesLargerThanTheirMemory() {
    try (OpenBlas blas = debianOpenBlas()) {
      MemorySegment small = MemorySegment.ofArray(new float[10]);
      MemorySegment big = MemorySegment.ofArray(new float[100]);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> blas.sgemmNT(5, 5, 5, 1f, small, 5, big, 5, 0f, big, 5));
      assertTrue(e.getMessage().startsWith("A:"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> blas.sgemmNT(2, 2, 5, 1f, big, 4, big, 5, 0f, big, 2));
    }
  }

  @Test
  void refusesCallsAfterClose() {
    OpenBlas blas = debianOpenBlas();
    blas.close();
    MemorySegment s = MemorySegment.ofArray(new float[4]);
    assertThrows(IllegalStateException.class, () -> blas.sgemmNT(2, 2, 1, 1f, s, 1, s, 1, 0f, s, 2));
  }

  @Test
  void aMissingLibraryLeavesTheProductsToLibtorch(@TempDir Path dir) {
    assertTrue(OpenBlas.locate(List.of(dir.resolve("libopenblas.so.0"))).isEmpty());
  }

  @Test
  void aFileThatIsNotALibraryIsRefusedByName(@TempDir Path dir) throws Exception {
    Path fake = Files.writeString(dir.resolve("libopenblas.so.0"), "not a shared object");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> OpenBlas.locate(List.of(fake)));
    assertTrue(e.getMessage().contains(fake.toString()), e.getMessage());
  }

  /** A matrix's value at a row and a column, however it is laid out. */
  @FunctionalInterface
  private interface Entry {
    float at(int row, int column);
  }

  /** alpha·A·B, {@code [m, n]} row-major, summed in double by plain loops: the products' reference. */
  private static float[] product(int m, int n, int k, double alpha, Entry a, Entry b) {
    float[] out = new float[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double sum = 0;
        for (int p = 0; p < k; p++) {
          sum += (double) a.at(i, p) * b.at(p, j);
        }
        out[i * n + j] = (float) (alpha * sum);
      }
    }
    return out;
  }

  static float[] random(int size, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] f = new float[size];
    for (int i = 0; i < size; i++) {
      f[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return f;
  }

  private static void assertClose(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-5f * Math.max(1f, Math.abs(expected[i])), "element " + i);
    }
  }
}
