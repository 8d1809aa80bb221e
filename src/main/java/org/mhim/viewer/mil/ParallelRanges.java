package org.mhim.viewer.mil;

import java.lang.foreign.MemorySegment;
import java.util.function.Consumer;

/**
 * Splits work over a range of rows (or columns, or values) among threads, each part written by
 * one thread only; {@link BlasProjection} does it on its OpenBLAS threads.
 */
@FunctionalInterface
interface ParallelRanges {

  /**
   * Values per part of an element-wise pass (an optimizer step, a blend): a smaller array takes no
   * hand-over to another thread, which would cost more than it saves.
   */
  int MIN_PART_VALUES = 1 << 15;

  /** All of it on the calling thread. */
  ParallelRanges SERIAL = (count, minUnit, task) -> {
    if (count > 0) {
      task.run(0, count);
    }
  };

  /** A part: [from, to). */
  @FunctionalInterface
  interface Range {
    void run(int from, int to);
  }

  /**
   * Runs {@code task} over [0, {@code count}) in parts of at least {@code minUnit} (all of it when
   * smaller), returning when every part is done.
   */
  void run(int count, int minUnit, Range task);

  /**
   * {@code task} over the values of equal-sized float segments in parts of at least {@code minUnit}
   * values: each part given its slices of the segments.
   */
  default void overValues(int minUnit, Consumer<MemorySegment[]> task, MemorySegment... segments) {
    int count = Math.toIntExact(segments[0].byteSize() / Float.BYTES);
    run(count, minUnit, (from, to) -> {
      MemorySegment[] parts = new MemorySegment[segments.length];
      for (int s = 0; s < segments.length; s++) {
        parts[s] = segments[s].asSlice((long) from * Float.BYTES, (long) (to - from) * Float.BYTES);
      }
      task.accept(parts);
    });
  }
}
