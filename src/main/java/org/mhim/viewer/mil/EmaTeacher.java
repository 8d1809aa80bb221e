package org.mhim.viewer.mil;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.mhim.viewer.features.NoGradient;

/**
 * Keeps a teacher network an exponential moving average of a student of the same architecture:
 * θ_t ← m·θ_t + (1−m)·θ_s over every parameter, trainable or not (the recycle network's global
 * queries included), as the reference does over {@code model.parameters()}.
 */
public final class EmaTeacher {

  private final List<Pair<Parameter, Parameter>> pairs;

  private EmaTeacher(List<Pair<Parameter, Parameter>> pairs) {
    this.pairs = pairs;
  }

  /**
   * Pairs the parameters of two initialised blocks of the same architecture by their names.
   *
   * @throws IllegalArgumentException when names or shapes do not line up
   */
  public static EmaTeacher of(Block student, Block teacher) {
    var s = student.getParameters();
    var t = teacher.getParameters();
    if (s.size() != t.size()) {
      throw new IllegalArgumentException(
          "student has " + s.size() + " parameters, teacher " + t.size() + ": not the same architecture");
    }
    List<Pair<Parameter, Parameter>> pairs = new ArrayList<>(s.size());
    for (int i = 0; i < s.size(); i++) {
      String name = s.keyAt(i);
      Parameter sp = s.valueAt(i);
      Parameter tp = t.get(name);
      if (tp == null) {
        throw new IllegalArgumentException("teacher has no parameter " + name);
      }
      if (!sp.getArray().getShape().equals(tp.getArray().getShape())) {
        throw new IllegalArgumentException(
            "parameter " + name + ": student " + sp.getArray().getShape() + ", teacher " + tp.getArray().getShape());
      }
      pairs.add(new Pair<>(sp, tp));
    }
    return new EmaTeacher(List.copyOf(pairs));
  }

  /** Moves every teacher parameter towards the student's current value with momentum m. */
  public void update(double momentum) {
    update(momentum, ParallelRanges.SERIAL);
  }

  /** {@link #update(double)}, the in-place blends split by {@code ranges}. */
  void update(double momentum, ParallelRanges ranges) {
    update(momentum, ranges, Set.of());
  }

  /**
   * {@link #update(double, ParallelRanges)} for every pair but those whose student parameter is in
   * {@code blendedElsewhere}: the caller blends those itself, in the same pass as their optimizer
   * update ({@link #teacherOf}).
   */
  void update(double momentum, ParallelRanges ranges, Set<Parameter> blendedElsewhere) {
    requireMomentum(momentum);
    for (Pair<Parameter, Parameter> pair : pairs) {
      if (!blendedElsewhere.contains(pair.getKey())) {
        blend(pair.getValue().getArray(), pair.getKey().getArray(), momentum, ranges);
      }
    }
  }

  /** @throws IllegalArgumentException when {@code momentum} is not in [0, 1] */
  private static void requireMomentum(double momentum) {
    if (!(momentum >= 0 && momentum <= 1)) {
      throw new IllegalArgumentException("teacher momentum must be in [0, 1], got " + momentum);
    }
  }

  /**
   * The teacher's parameter that follows {@code student}.
   *
   * @throws IllegalArgumentException when {@code student} is not one of the student's parameters
   */
  Parameter teacherOf(Parameter student) {
    for (Pair<Parameter, Parameter> pair : pairs) {
      if (pair.getKey() == student) {
        return pair.getValue();
      }
    }
    throw new IllegalArgumentException("not a parameter of the student: " + student.getName());
  }

  /** target ← m·target + (1−m)·source, in place, leaving no temporary behind. */
  static void blend(NDArray target, NDArray source, double momentum) {
    blend(target, source, momentum, ParallelRanges.SERIAL);
  }

  private static void blend(NDArray target, NDArray source, double momentum, ParallelRanges ranges) {
    MemorySegment t = HostArrays.writableView(target);
    MemorySegment s = t == null ? null : HostArrays.view(source);
    if (s != null && s.byteSize() == t.byteSize()) {
      // One pass over both arrays' memory instead of three libtorch ops (a parameter's update is
      // not recorded by autograd either way).
      float keep = (float) momentum;
      float take = (float) (1 - momentum);
      ranges.overValues(ParallelRanges.MIN_PART_VALUES, parts -> blendInPlace(parts[0], parts[1], keep, take), t, s);
      return;
    }
    // In place on a parameter: allowed only with autograd off on this thread.
    try (NoGradient _ = NoGradient.enter();
        NDArray share = source.mul((float) (1 - momentum))) {
      target.muli((float) momentum).addi(share);
    }
  }

  private static void blendInPlace(MemorySegment target, MemorySegment source, float keep, float take) {
    HostArrays.update(1, (chunks, length) -> {
      float[] t = chunks[0];
      float[] s = chunks[1];
      for (int i = 0; i < length; i++) {
        t[i] = t[i] * keep + s[i] * take;
      }
    }, target, source);
  }

  /** How many parameter pairs are averaged. */
  public int size() {
    return pairs.size();
  }
}
