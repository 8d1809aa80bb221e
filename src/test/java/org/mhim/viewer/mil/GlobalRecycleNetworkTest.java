package org.mhim.viewer.mil;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.mhim.viewer.features.NoGradient;

class GlobalRecycleNetworkTest {

  private static final int D = 4;
  private static final int HEADS = 2;
  private static final int HEAD_DIM = 3;
  private static final int K = 2;

  private static GlobalRecycleNetwork network(NDManager m) {
    GlobalRecycleNetwork net =
        GlobalRecycleNetwork.builder()
            .setDim(D).optHeads(HEADS).optHeadDim(HEAD_DIM).optQueries(K).optKeepRatio(0.5).optMomentum(0.9)
            .optDropout(0f).build();
    net.initialize(m, DataType.FLOAT32, new Shape(1, D));
    // non-trivial layer norm and bias so every term of the formula matters
    try (NoGradient _ = NoGradient.enter()) { // in place on parameters
      net.getParameters().get("norm.weight").getArray().addi(m.randomUniform(-0.5f, 0.5f, new Shape(D)));
      net.getParameters().get("norm.bias").getArray().addi(m.randomUniform(-0.5f, 0.5f, new Shape(D)));
      net.getParameters().get("attn.to_out.0.bias").getArray().addi(m.randomUniform(-0.5f, 0.5f, new Shape(D)));
    }
    return net;
  }

  private static float[][] rows(NDArray a) {
    int r = (int) a.getShape().get(0);
    int c = (int) a.getShape().get(1);
    float[] flat = a.toFloatArray();
    float[][] out = new float[r][c];
    for (int i = 0; i < r; i++) {
      System.arraycopy(flat, i * c, out[i], 0, c);
    }
    return out;
  }

  private static double[] layerNorm(float[] x, float[] g, float[] b) {
    double mean = 0;
    for (float v : x) mean += v;
    mean /= x.length;
    double var = 0;
    for (float v : x) var += (v - mean) * (v - mean);
    var /= x.length;
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) out[i] = (x[i] - mean) / Math.sqrt(var + 1e-5) * g[i] + b[i];
    return out;
  }

  private static double[] times(double[] x, float[][] w) { // x · wᵀ
    double[] out = new double[w.length];
    for (int o = 0; o < w.length; o++) for (int i = 0; i < x.length; i++) out[o] += x[i] * w[o][i];
    return out;
  }

  /** The recycle network's formula written out with loops: cross-attention of the queries over {@code rest}. */
  private static double[][] recycledByHand(GlobalRecycleNetwork net, float[][] rest) {
    var p = net.getParameters();
    float[] g = p.get("norm.weight").getArray().toFloatArray();
    float[] b = p.get("norm.bias").getArray().toFloatArray();
    float[][] wkv = rows(p.get("attn.to_kv.weight").getArray());
    float[][] wq = rows(p.get("attn.to_q.weight").getArray());
    float[][] wo = rows(p.get("attn.to_out.0.weight").getArray());
    float[] bo = p.get("attn.to_out.0.bias").getArray().toFloatArray();
    float[][] queries = rows(p.get("global_q_mm").getArray().reshape(K, D));
    int inner = HEADS * HEAD_DIM;
    double[][] kv = new double[rest.length][];
    for (int j = 0; j < rest.length; j++) kv[j] = times(layerNorm(rest[j], g, b), wkv);
    double[][] out = new double[K][D];
    for (int i = 0; i < K; i++) {
      double[] q = times(layerNorm(queries[i], g, b), wq);
      double[] heads = new double[inner];
      for (int h = 0; h < HEADS; h++) {
        double[] dots = new double[rest.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < rest.length; j++) {
          for (int d = 0; d < HEAD_DIM; d++) dots[j] += q[h * HEAD_DIM + d] * kv[j][h * HEAD_DIM + d];
          dots[j] /= Math.sqrt(HEAD_DIM);
          max = Math.max(max, dots[j]);
        }
        double sum = 0;
        for (int j = 0; j < rest.length; j++) sum += dots[j] = Math.exp(dots[j] - max);
        for (int j = 0; j < rest.length; j++)
          for (int d = 0; d < HEAD_DIM; d++) heads[h * HEAD_DIM + d] += dots[j] / sum * kv[j][inner + h * HEAD_DIM + d];
      }
      double[] o = times(heads, wo);
      for (int d = 0; d < D; d++) out[i][d] = o[d] + bo[d];
    }
    return out;
  }

  @Test
  void keepsTheFirstTokensAndAppendsTheCrossAttentionSummaryOfTheRest() {
    try (NDManager m = NDManager.newBaseManager()) {
      GlobalRecycleNetwork net = network(m);
      NDArray tokens = m.randomNormal(new Shape(5, D));
      NDList out = net.forward(new ParameterStore(m, false), new NDList(tokens), true);
      // ⌊5 · 0.5⌋ = 2 kept, 3 recycled into K = 2 tokens
      assertEquals(new Shape(2 + K, D), out.get(0).getShape());
      assertEquals(new Shape(K, D), out.get(1).getShape());
      float[][] in = rows(tokens);
      float[][] result = rows(out.get(0));
      assertArrayEquals(in[0], result[0]);
      assertArrayEquals(in[1], result[1]);
      double[][] expected = recycledByHand(net, new float[][] {in[2], in[3], in[4]});
      for (int i = 0; i < K; i++) {
        for (int d = 0; d < D; d++) {
          assertEquals(expected[i][d], result[2 + i][d], 1e-5, "recycled token " + i + "[" + d + "]");
        }
      }
    }
  }

  @Test
  void withEveryTokenKeptNothingIsRecycled() {
    try (NDManager m = NDManager.newBaseManager()) {
      GlobalRecycleNetwork net =
          GlobalRecycleNetwork.builder()
              .setDim(D).optHeads(HEADS).optHeadDim(HEAD_DIM).optQueries(K).optKeepRatio(1.0).optDropout(0f).build();
      net.initialize(m, DataType.FLOAT32, new Shape(1, D));
      NDArray tokens = m.randomNormal(new Shape(4, D));
      NDList out = net.forward(new ParameterStore(m, false), new NDList(tokens), true);
      assertArrayEquals(tokens.toFloatArray(), out.get(0).toFloatArray(), 0f);
      assertEquals(new Shape(0, D), out.get(1).getShape());
    }
  }

  @Test
  void anOrderInputGathersTheTokensFirst() {
    try (NDManager m = NDManager.newBaseManager()) {
      GlobalRecycleNetwork net = network(m);
      ParameterStore ps = new ParameterStore(m, false);
      NDArray tokens = m.randomNormal(new Shape(6, D));
      NDArray order = m.create(new long[] {5, 1, 3, 0, 2});
      NDArray viaOrder = net.forward(ps, new NDList(tokens, order), true).get(0);
      NDArray permuted = tokens.get(new ai.djl.ndarray.index.NDIndex("{}", order));
      NDArray direct = net.forward(ps, new NDList(permuted), true).get(0);
      assertArrayEquals(direct.toFloatArray(), viaOrder.toFloatArray(), 0f);
    }
  }

  @Test
  void globalQueriesFollowTheRecycledTokensByEmaAndGetNoGradient() {
    try (NDManager m = NDManager.newBaseManager()) {
      GlobalRecycleNetwork net = network(m);
      ParameterStore ps = new ParameterStore(m, false);
      NDArray tokens = m.randomNormal(new Shape(5, D));
      float[] before = net.globalQueries().toFloatArray();
      NDArray recycled;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDList out = net.forward(ps, new NDList(tokens), true);
        recycled = out.get(1);
        gc.backward(out.get(0).sum());
      }
      assertTrue(net.getParameters().get("attn.to_q.weight").getArray().getGradient().abs().sum().getFloat() > 0,
          "the queries' projection learns by gradient");
      float[] target = recycled.toFloatArray();
      net.updateGlobalQueries(recycled);
      float[] after = net.globalQueries().toFloatArray();
      for (int i = 0; i < after.length; i++) {
        assertEquals(0.9 * before[i] + 0.1 * target[i], after[i], 1e-6);
      }
    }
  }

  @Test
  void initialisesAsTheReference() {
    try (NDManager m = NDManager.newBaseManager()) {
      GlobalRecycleNetwork net =
          GlobalRecycleNetwork.builder().setDim(512).optQueries(10).build();
      net.initialize(m, DataType.FLOAT32, new Shape(1, 512));
      var p = net.getParameters();
      assertEquals(1f, p.get("norm.weight").getArray().min().getFloat());
      assertEquals(1f, p.get("norm.weight").getArray().max().getFloat());
      assertEquals(0f, p.get("norm.bias").getArray().abs().max().getFloat());
      assertEquals(0f, p.get("attn.to_out.0.bias").getArray().abs().max().getFloat());
      double bound = Math.sqrt(6.0 / (3 * 256 + 512));
      NDArray q = p.get("global_q_mm").getArray();
      assertEquals(new Shape(1, 10, 512), q.getShape());
      assertTrue(q.abs().max().getFloat() <= bound);
      assertTrue(q.abs().max().getFloat() > 0.9 * bound, "spread over the whole interval");
      // Xavier normal: std √(2 / (fan_in + fan_out)) = √(2 / (512 + 1024)) for to_kv
      NDArray kv = p.get("attn.to_kv.weight").getArray();
      assertEquals(new Shape(1024, 512), kv.getShape());
      double std = Math.sqrt(kv.pow(2).mean().getFloat());
      assertEquals(Math.sqrt(2.0 / (512 + 1024)), std, 0.02 * std);
    }
  }

  @Test
  void builderRefusesNonsense() {
    assertThrows(IllegalArgumentException.class, () -> GlobalRecycleNetwork.builder().build());
    assertThrows(IllegalArgumentException.class, () -> GlobalRecycleNetwork.builder().setDim(8).optKeepRatio(1.5).build());
    assertThrows(IllegalArgumentException.class, () -> GlobalRecycleNetwork.builder().setDim(8).optQueries(0).build());
  }
}
