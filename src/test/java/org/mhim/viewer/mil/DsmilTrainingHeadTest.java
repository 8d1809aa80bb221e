package org.mhim.viewer.mil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * DSMIL's head written out by hand ({@link DsmilTrainingHead}) gives autograd's losses and, value by
 * value, autograd's gradients: of its own layers (returned), and, through libtorch's backward from
 * dLoss/dP, of the stacked input layers and the tokens. Bags of several parts per thread and several
 * blocks per part, two and three classes.
 */
class DsmilTrainingHeadTest {

  @ParameterizedTest
  @CsvSource({"2, 700, 0.5", "3, 1300, 0.5", "2, 5, 0.0", "3, 1, 1.0"})
  void handHeadGivesAutogradsLossesAndGradients(int classes, int n, double auxAlpha) {
    int dim = 24;
    ConsistencyLoss consistency = new ConsistencyLoss(0.1, 1.0);
    try (NDManager m = NDManager.newBaseManager();
        BlasProjection blas = new BlasProjection(OpenBlasTest.debianOpenBlas(), 2)) {
      Engine.getInstance().setRandomSeed(5);
      DsmilAggregator dsmil = DsmilAggregator.builder().setDim(dim).setClasses(classes).build();
      dsmil.initialize(m, DataType.FLOAT32, new Shape(1, dim));
      ParameterStore ps = new ParameterStore(m, false);
      NDArray tokens = m.randomNormal(new Shape(n, dim));
      tokens.setRequiresGradient(true);
      NDArray teacher = m.randomNormal(new Shape(classes, dim));
      int label = classes - 1;

      // Autograd through the aggregator as the libtorch path of the step runs it.
      float[] autogradLogits;
      double autogradCe;
      double autogradAux;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        Aggregation a = dsmil.aggregate(ps, tokens, true, false);
        NDArray logits = dsmil.logits(ps, a, null, true);
        NDArray ce = logits.logSoftmax(0).get(label).neg();
        NDArray aux = consistency.compute(a.embedding(), teacher);
        collector.backward(ce.add(Scalars.mul(aux, (float) auxAlpha)));
        autogradLogits = logits.toFloatArray();
        autogradCe = ce.getFloat();
        autogradAux = aux.getFloat();
      }
      Map<String, float[]> expected = gradients(dsmil, tokens);
      zero(dsmil, tokens);

      DsmilTrainingHead.Outcome out;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray products = dsmil.stackedProducts(ps, tokens, true);
        NDArray productGradient = m.create(products.getShape(), DataType.FLOAT32);
        DsmilTrainingHead head = new DsmilTrainingHead(dsmil, dsmil.headWeights(ps), blas.blas(), blas);
        out = head.run(HostArrays.requireView(products, "P"), n, teacher.toFloatArray(), label, auxAlpha, consistency,
            HostArrays.requireWritable(productGradient, "dP"));
        JniUtils.backward((PtNDArray) products, (PtNDArray) productGradient, false, false);
      }
      Map<String, float[]> actual = gradients(dsmil, tokens);
      List<Parameter> headParameters = dsmil.headParameters();
      for (int k = 0; k < headParameters.size(); k++) {
        actual.put(nameOf(dsmil, headParameters.get(k)), out.gradients()[k]);
      }

      assertClose(autogradLogits, out.logits(), "logits");
      assertEquals(autogradCe, out.ce(), 1e-5 + 1e-5 * Math.abs(autogradCe), "ce");
      assertEquals(autogradAux, out.aux(), 1e-5 + 1e-5 * Math.abs(autogradAux), "aux");
      assertEquals(out.ce() + auxAlpha * out.aux(), out.total(), 1e-9, "total");
      assertEquals(expected.keySet(), actual.keySet());
      boolean someNonZero = false;
      for (Map.Entry<String, float[]> e : expected.entrySet()) {
        assertClose(e.getValue(), actual.get(e.getKey()), e.getKey());
        for (float v : e.getValue()) {
          someNonZero |= v != 0;
        }
      }
      assertTrue(someNonZero, "autograd gave gradients");
    }
  }

  /** Every gradient the aggregator's parameters and the tokens hold, by name ("tokens" for the tokens). */
  private static Map<String, float[]> gradients(DsmilAggregator dsmil, NDArray tokens) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Pair<String, Parameter> p : dsmil.getParameters()) {
      try (NDArray g = p.getValue().getArray().getGradient()) {
        out.put(p.getKey(), g.toFloatArray());
      }
    }
    try (NDArray g = tokens.getGradient()) {
      out.put("tokens", g.toFloatArray());
    }
    return out;
  }

  private static String nameOf(DsmilAggregator dsmil, Parameter parameter) {
    for (Pair<String, Parameter> p : dsmil.getParameters()) {
      if (p.getValue() == parameter) {
        return p.getKey();
      }
    }
    throw new AssertionError("not a parameter of the aggregator: " + parameter.getName());
  }

  private static void zero(DsmilAggregator dsmil, NDArray tokens) {
    for (Pair<String, Parameter> p : dsmil.getParameters()) {
      try (NDArray g = p.getValue().getArray().getGradient()) {
        g.subi(g);
      }
    }
    try (NDArray g = tokens.getGradient()) {
      g.subi(g);
    }
  }

  private static void assertClose(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    double scale = 0;
    for (float v : expected) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-6 + 1e-4 * scale, what + "[" + i + "]");
    }
  }
}
