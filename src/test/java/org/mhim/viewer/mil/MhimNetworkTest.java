package org.mhim.viewer.mil;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The blocks on small random bags: names, shapes, sums, and gradients in training mode. */
class MhimNetworkTest {

  static MhimNetwork network(AggregatorKind kind, int inputDim, int mlpDim, int classes) {
    return MhimNetwork.builder()
        .setAggregator(kind)
        .setInputDim(inputDim)
        .setMlpDim(mlpDim)
        .setClasses(classes)
        .optDropout(0f)
        .optAttentionDropout(0f)
        .build();
  }

  /** Our reference names are exactly the fixture's non-recycling parameter names. */
  @ParameterizedTest
  @EnumSource(AggregatorKind.class)
  void parameterNamesMatchTheReferenceStateDict(AggregatorKind kind) throws Exception {
    Path expected =
        Path.of(System.getProperty("mhim.shared"), "fixtures/mhim-parity", kind.id(), "expected.json");
    JsonNode norms = new ObjectMapper().readTree(expected.toFile()).path("train_step")
        .path("teacher_ema_param_l2_norms_after");
    List<String> reference = new ArrayList<>();
    norms.fieldNames().forEachRemaining(n -> { if (!n.startsWith("merge.")) reference.add(n); });
    try (NDManager manager = NDManager.newBaseManager()) {
      MhimNetwork net = network(kind, 384, 128, 2);
      net.initialize(manager, DataType.FLOAT32, new Shape(1, 384));
      assertEquals(reference, new ArrayList<>(net.referenceParameters().keySet()));
      for (Map.Entry<String, Parameter> e : net.referenceParameters().entrySet()) {
        assertTrue(e.getValue().isInitialized(), e.getKey());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 5, 48, 49, 50, 130})
  void everyAggregatorHandlesOddBagSizes(int n) {
    for (AggregatorKind kind : AggregatorKind.values()) {
      try (NDManager manager = NDManager.newBaseManager()) {
        MhimNetwork net = network(kind, 24, 16, 3);
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 24));
        ParameterStore ps = new ParameterStore(manager, false);
        NDArray bag = manager.randomNormal(new Shape(n, 24));
        NDArray h = net.project(ps, bag, false);
        Aggregation a = net.aggregate(ps, h, false, true);
        NDArray logits = net.logits(ps, a, false);
        InstanceEvidence ev = net.evidence(ps, a, false);
        assertEquals(new Shape(3), logits.getShape(), kind + " logits");
        assertEquals(new Shape(n, 3), ev.classProbabilities().getShape(), kind + " probs");
        assertEquals(new Shape(n), ev.scores().getShape(), kind + " scores");
        assertEquals(new Shape(n), ev.attention().getShape(), kind + " attention");
        float[] rowSums = ev.classProbabilities().sum(new int[] {1}).toFloatArray();
        for (float s : rowSums) {
          assertEquals(1f, s, 1e-5f, kind + " class probabilities sum to 1");
        }
        assertAllFinite(logits);
        assertAllFinite(ev.classProbabilities());
        // The plain block forward agrees with the staged one.
        NDList out = net.forward(ps, new NDList(bag), false);
        assertArrayEquals(logits.toFloatArray(), out.get(0).toFloatArray(), 1e-6f);
      }
    }
  }

  /** Training mode under a gradient collector: every parameter on the path gets a finite gradient. */
  @ParameterizedTest
  @EnumSource(AggregatorKind.class)
  void trainingForwardBackpropagates(AggregatorKind kind) {
    try (NDManager manager = NDManager.newBaseManager()) {
      MhimNetwork net = network(kind, 24, 16, 2);
      net.initialize(manager, DataType.FLOAT32, new Shape(1, 24));
      for (Parameter p : net.referenceParameters().values()) {
        p.getArray().setRequiresGradient(true);
      }
      ParameterStore ps = new ParameterStore(manager, false);
      NDArray bag = manager.randomNormal(new Shape(60, 24));
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDList out = net.forward(ps, new NDList(bag), true);
        NDArray loss = out.get(0).logSoftmax(0).get(1).neg();
        gc.backward(loss);
      }
      for (Map.Entry<String, Parameter> e : net.referenceParameters().entrySet()) {
        if (kind == AggregatorKind.DSMIL && e.getKey().startsWith("predictor.")) {
          continue; // the reference's DSMIL leaves its predictor unused
        }
        NDArray g = e.getValue().getArray().getGradient();
        assertNotNull(g, e.getKey());
        assertAllFinite(g);
        assertTrue(g.abs().sum().getFloat() > 0f, "zero gradient for " + e.getKey());
      }
    }
  }

  /** A prediction's intermediates die with its scope: nothing piles up on the model's manager. */
  @ParameterizedTest
  @EnumSource(AggregatorKind.class)
  void predictionsLeaveNoArraysOnTheModelManager(AggregatorKind kind) {
    try (NDManager manager = NDManager.newBaseManager()) {
      MhimNetwork net = network(kind, 24, 16, 2);
      net.initialize(manager, DataType.FLOAT32, new Shape(1, 24));
      int before = manager.getManagedArrays().size();
      for (int i = 0; i < 2; i++) {
        try (NDManager scope = manager.newSubManager()) {
          ParameterStore ps = new ParameterStore(scope, false);
          NDArray bag = scope.randomNormal(new Shape(40, 24));
          Aggregation a = net.aggregate(ps, net.project(ps, bag, false), false, true);
          net.logits(ps, a, false);
          net.evidence(ps, a, false);
          net.teacher(ps, bag, false);
        }
        assertEquals(before, manager.getManagedArrays().size(), "arrays left after prediction " + i);
      }
    }
  }

  static void assertAllFinite(NDArray a) {
    for (float v : a.toFloatArray()) {
      assertTrue(Float.isFinite(v), "non-finite value in " + a.getShape());
    }
  }

  static boolean sharedFixturesPresent() {
    return Files.isDirectory(Path.of(System.getProperty("mhim.shared", "."), "fixtures/mhim-parity"));
  }
}
