package org.mhim.viewer.mil;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;

/**
 * Adam as {@code torch.optim.Adam} computes it (L2 weight decay added to the gradient, bias
 * corrections on both moments, ε outside the square root), written with NDArray ops so that its
 * state — both moments and the step count of every parameter — can be saved with a training
 * checkpoint and restored exactly. DJL's own Adam keeps that state private.
 *
 * <p>The moments live on the weights' manager and are created on a parameter's first update. Not
 * thread-safe: one optimizer per training loop.
 */
public final class AdamOptimizer {

  /** One parameter's state, on the heap: both moments and how many updates it has had. */
  public record Moments(WeightTensor mean, WeightTensor variance, long steps) {}

  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final float weightDecay;
  private final Map<String, NDArray> mean = new LinkedHashMap<>();
  private final Map<String, NDArray> variance = new LinkedHashMap<>();
  private final Map<String, Long> steps = new LinkedHashMap<>();
  private final Map<String, Views> viewsByName = new HashMap<>();
  /** Restored state waiting for the parameter's first update (its arrays do not exist yet). */
  private final Map<String, Moments> pending = new LinkedHashMap<>();

  /** torch's defaults: β = (0.9, 0.999), ε = 1e-8. */
  public AdamOptimizer(float weightDecay) {
    this(0.9, 0.999, 1e-8, weightDecay);
  }

  public AdamOptimizer(double beta1, double beta2, double epsilon, float weightDecay) {
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0) || !(weightDecay >= 0)) {
      throw new IllegalArgumentException(
          "Adam needs β1, β2 in [0, 1), ε > 0 and weight decay ≥ 0, got " + beta1 + ", " + beta2 + ", "
              + epsilon + ", " + weightDecay);
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
  }

  /**
   * One update of {@code weight} in place from {@code gradient} (which is not changed).
   *
   * @param name the parameter's stable name (its state is kept under it)
   */
  public void update(String name, NDArray weight, NDArray gradient, double learningRate) {
    update(name, weight, gradient, learningRate, false, ParallelRanges.SERIAL, null);
  }

  /**
   * {@link #update(String, NDArray, NDArray, double)}, then {@code gradient} set to zero for the
   * next step's accumulation: in the same pass over memory when the update runs in place.
   */
  public void updateAndClear(String name, NDArray weight, NDArray gradient, double learningRate) {
    update(name, weight, gradient, learningRate, true, ParallelRanges.SERIAL, null);
  }

  /** {@link #updateAndClear(String, NDArray, NDArray, double)}, an in-place update split by {@code ranges}. */
  void updateAndClear(String name, NDArray weight, NDArray gradient, double learningRate, ParallelRanges ranges) {
    update(name, weight, gradient, learningRate, true, ranges, null);
  }

  /**
   * {@link #updateAndClear(String, NDArray, NDArray, double, ParallelRanges)} that first moves
   * {@code follower} towards the weight as it is before this update, {@code follower ← momentum ·
   * follower + (1 − momentum) · weight} (a teacher's EMA), in the same pass over memory: the two
   * passes are bound by memory traffic, and the weight is then read once.
   */
  void updateAndClearAfterBlend(
      String name, NDArray weight, NDArray gradient, double learningRate, ParallelRanges ranges, NDArray follower,
      double momentum) {
    MemorySegment memory = HostArrays.writableView(follower);
    if (memory == null || memory.byteSize() != weight.size() * Float.BYTES) {
      EmaTeacher.blend(follower, weight, momentum); // apart: it has no float32 memory to share the pass with
      update(name, weight, gradient, learningRate, true, ranges, null);
    } else {
      update(name, weight, gradient, learningRate, true, ranges, new Follower(follower, memory, momentum));
    }
  }

  /**
   * An array that follows a weight by EMA with {@code momentum}, blended before the weight's update,
   * and its float32 memory.
   */
  private record Follower(NDArray array, MemorySegment memory, double momentum) {}

  private void update(
      String name, NDArray weight, NDArray gradient, double learningRate, boolean clear, ParallelRanges ranges,
      Follower follower) {
    NDArray m = mean.get(name);
    NDArray v = variance.get(name);
    if (m == null) {
      m = weight.zerosLike();
      v = weight.zerosLike();
      m.setRequiresGradient(false);
      v.setRequiresGradient(false);
      long restoredSteps = 0;
      Moments restored = pending.remove(name);
      if (restored != null) {
        if (restored.mean().values().length != weight.size()) {
          throw new IllegalArgumentException(
              "saved optimizer state of " + name + " has shape " + restored.mean().shapeText()
                  + ", the parameter " + weight.getShape());
        }
        HostArrays.copyInto(m, restored.mean().values());
        HostArrays.copyInto(v, restored.variance().values());
        restoredSteps = restored.steps();
      }
      mean.put(name, m);
      variance.put(name, v);
      steps.put(name, restoredSteps);
    }
    long t = steps.merge(name, 1L, Long::sum);
    double correction1 = 1 - Math.pow(beta1, t);
    double correction2 = 1 - Math.pow(beta2, t);
    if (updateInPlace(name, weight, gradient, m, v, learningRate, correction1, correction2, clear, ranges, follower)) {
      return;
    }
    if (follower != null) {
      EmaTeacher.blend(follower.array(), weight, follower.momentum());
    }
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray g = gradient.stopGradient(); // a view without autograd history
      if (weightDecay != 0) {
        g = g.add(weight.stopGradient().mul(weightDecay));
      }
      m.muli((float) beta1).addi(g.mul((float) (1 - beta1)));
      v.muli((float) beta2).addi(g.square().muli((float) (1 - beta2)));
      NDArray denominator = v.sqrt().divi((float) Math.sqrt(correction2)).addi((float) epsilon);
      NDArray change = m.div(denominator).muli((float) (learningRate / correction1));
      weight.subi(change);
    }
    if (clear) {
      gradient.subi(gradient);
    }
  }

  /**
   * The same update as the NDArray ops below in one pass over the four arrays' memory, for
   * contiguous float32 CPU arrays (false otherwise: the caller falls back). A training step updates
   * ~14 parameters; as a dozen libtorch ops each (every one a parallel region on the larger
   * arrays) that cost more than the step's small-bag products.
   */
  private boolean updateInPlace(
      String name, NDArray weight, NDArray gradient, NDArray m, NDArray v, double learningRate, double correction1,
      double correction2, boolean clear, ParallelRanges ranges, Follower follower) {
    Views views = views(name, weight, m, v);
    MemorySegment g = views == null ? null : clear ? HostArrays.writableView(gradient) : HostArrays.view(gradient);
    if (g == null || g.byteSize() != views.weight().byteSize()) {
      return false;
    }
    MemorySegment t = follower == null ? null : follower.memory();
    MemorySegment w = views.weight();
    MemorySegment ms = views.mean();
    MemorySegment vs = views.variance();
    float b1 = (float) beta1;
    float b2 = (float) beta2;
    float oneMinusB1 = (float) (1 - beta1);
    float oneMinusB2 = (float) (1 - beta2);
    float decay = weightDecay;
    float correction2Root = (float) Math.sqrt(correction2);
    float eps = (float) epsilon;
    float stepSize = (float) (learningRate / correction1);
    float keep = follower == null ? 1f : (float) follower.momentum();
    float take = follower == null ? 0f : (float) (1 - follower.momentum());
    // Segments: weight, moments, the follower when there is one, the gradient last; all but the
    // gradient are written back, and it too when it is cleared.
    MemorySegment[] segments = t == null ? new MemorySegment[] {w, ms, vs, g} : new MemorySegment[] {w, ms, vs, t, g};
    int gradientIndex = segments.length - 1;
    int written = clear ? segments.length : gradientIndex;
    ranges.overValues(ParallelRanges.MIN_PART_VALUES, parts -> HostArrays.update(written, (chunks, length) -> {
      float[] wc = chunks[0];
      float[] mc = chunks[1];
      float[] vc = chunks[2];
      float[] gc = chunks[gradientIndex];
      if (t != null) {
        float[] tc = chunks[3];
        for (int i = 0; i < length; i++) {
          tc[i] = tc[i] * keep + wc[i] * take;
        }
      }
      for (int i = 0; i < length; i++) {
        float gi = decay != 0f ? gc[i] + wc[i] * decay : gc[i];
        float mi = mc[i] * b1 + gi * oneMinusB1;
        float vi = vc[i] * b2 + gi * gi * oneMinusB2;
        mc[i] = mi;
        vc[i] = vi;
        wc[i] -= mi / ((float) Math.sqrt(vi) / correction2Root + eps) * stepSize;
      }
      if (clear) {
        Arrays.fill(gc, 0, length, 0f);
      }
    }, parts), segments);
    return true;
  }

  /**
   * The memory of a parameter's weight and moments, looked up once per weight array (each lookup
   * costs libtorch calls, which on a step's dozen small parameters added up); null when one has no
   * in-place view.
   */
  private Views views(String name, NDArray weight, NDArray m, NDArray v) {
    Views known = viewsByName.get(name);
    if (known != null && known.array() == weight) {
      return known;
    }
    MemorySegment w = HostArrays.writableView(weight);
    MemorySegment ms = w == null ? null : HostArrays.writableView(m);
    MemorySegment vs = ms == null ? null : HostArrays.writableView(v);
    if (vs == null) {
      return null;
    }
    Views fresh = new Views(weight, w, ms, vs);
    viewsByName.put(name, fresh);
    return fresh;
  }

  /** In-place views of one parameter's weight array and its moments. */
  private record Views(NDArray array, MemorySegment weight, MemorySegment mean, MemorySegment variance) {}

  /** The state of every parameter updated (or restored) so far, in a stable order. */
  public SequencedMap<String, Moments> state() {
    LinkedHashMap<String, Moments> out = new LinkedHashMap<>(pending);
    for (Map.Entry<String, NDArray> e : mean.entrySet()) {
      NDArray m = e.getValue();
      NDArray v = variance.get(e.getKey());
      long[] shape = m.getShape().getShape();
      out.put(
          e.getKey(),
          new Moments(
              new WeightTensor(shape, m.toFloatArray()),
              new WeightTensor(shape, v.toFloatArray()),
              steps.get(e.getKey())));
    }
    return out;
  }

  /**
   * Restores state saved by {@link #state()}; must be called before the first update. Each
   * parameter takes its moments on its next update (their shapes are checked against the weight
   * there).
   */
  public void restore(Map<String, Moments> saved) {
    if (!mean.isEmpty()) {
      throw new IllegalStateException("restore Adam's state before its first update");
    }
    pending.clear();
    pending.putAll(saved);
  }
}
