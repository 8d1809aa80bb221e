package org.mhim.viewer.mil;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class HostArraysTest {

  @Test
  void writesGoOnlyIntoAnArraysOwnMemory() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.arange(6f).reshape(2, 3);
      MemorySegment own = HostArrays.writableView(x);
      assertNotNull(own);
      own.setAtIndex(ValueLayout.JAVA_FLOAT, 4, -1f);
      assertEquals(-1f, x.getFloat(1, 1), "a write through the view is the array's");
      NDArray transposed = x.transpose(); // not contiguous: libtorch hands out a copy
      assertNull(HostArrays.writableView(transposed));
      assertEquals(3f, HostArrays.view(transposed).getAtIndex(ValueLayout.JAVA_FLOAT, 1));
      IllegalStateException refused =
          assertThrows(IllegalStateException.class, () -> HostArrays.requireWritable(transposed, "test array"));
      assertEquals("libtorch gave no in-place view of the test array", refused.getMessage());
    }
  }

  @Test
  void aPassWritesBackOnlyTheSegmentsItWrites() {
    int size = 4096 * 2 + 5; // two whole chunks and a partial one
    float[] target = new float[size];
    float[] source = new float[size];
    for (int i = 0; i < size; i++) {
      target[i] = i;
      source[i] = 2 * i;
    }
    float[] sourceBefore = source.clone();
    HostArrays.update(1, (chunks, length) -> {
      for (int i = 0; i < length; i++) {
        chunks[0][i] += chunks[1][i];
        chunks[1][i] = -1f; // read only: must not reach the source
      }
    }, MemorySegment.ofArray(target), MemorySegment.ofArray(source));
    for (int i = 0; i < size; i++) {
      assertEquals(3f * i, target[i], "element " + i);
    }
    assertArrayEquals(sourceBefore, source);
  }
}
