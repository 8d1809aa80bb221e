package org.mhim.viewer.mil;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mhim.viewer.features.torch.StateDict;
import org.mhim.viewer.features.torch.TorchTensor;
import org.mhim.viewer.features.torch.TorchZip;

/**
 * The deterministic training step of every parity fixture (each folder under
 * {@code fixtures/mhim-parity} with a {@code train_step}, found at run time): masking, recycling,
 * logits, both losses, the global queries' EMA, every gradient norm and the teacher after its EMA,
 * within 1e-4 relative or 1e-5 absolute.
 */
class MhimTrainingStepParityTest {

  static Stream<Path> fixtures() throws IOException {
    Path root = Path.of(System.getProperty("mhim.shared"), "fixtures", "mhim-parity");
    List<Path> found = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.sorted().toList()) {
        Path expected = dir.resolve("expected.json");
        if (Files.isRegularFile(expected) && new ObjectMapper().readTree(expected.toFile()).has("train_step")) {
          found.add(dir);
        }
      }
    }
    assertFalse(found.isEmpty(), "no parity fixture under " + root);
    return found.stream();
  }

  static Map<String, WeightTensor> weights(Path checkpoint, String key) throws IOException {
    Map<String, WeightTensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, TorchTensor> e : StateDict.read(checkpoint, key).tensors().entrySet()) {
      out.put(e.getKey(), new WeightTensor(e.getValue().shape(), e.getValue().toFloatArray()));
    }
    return out;
  }

  static MhimNetwork loaded(MhimConfig config, NDManager manager, Path checkpoint, String key) throws Exception {
    MhimNetwork net = TrainingNetworks.create(config);
    net.initialize(manager, DataType.FLOAT32, new Shape(1, config.inputDim()));
    Map<String, WeightTensor> rest = StateDicts.load(net, weights(checkpoint, key), checkpoint + " " + key);
    // only the alias the reference keeps of the global queries is left over
    assertEquals(List.of("merge.global_q"), new ArrayList<>(rest.keySet()));
    return net;
  }

  private static void assertClose(double expected, double actual, String what) {
    double tolerance = Math.max(1e-5, 1e-4 * Math.abs(expected));
    assertTrue(Math.abs(expected - actual) <= tolerance,
        what + ": expected " + expected + " but was " + actual + " (tolerance " + tolerance + ")");
  }

  private static void assertClose(JsonNode expected, float[] actual, String what) {
    assertEquals(expected.size(), actual.length, what + " length");
    for (int i = 0; i < actual.length; i++) {
      assertClose(expected.get(i).asDouble(), actual[i], what + "[" + i + "]");
    }
  }

  private static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void reproducesTheReferenceTrainingStep(Path fixture) throws Exception {
    JsonNode configJson = new ObjectMapper().readTree(fixture.resolve("config.json").toFile());
    MhimConfig config = MhimConfig.fromReferenceJson(configJson);
    JsonNode expected = new ObjectMapper().readTree(fixture.resolve("expected.json").toFile()).get("train_step");
    Path checkpoint = fixture.resolve("checkpoint.pt");
    try (NDManager manager = NDManager.newBaseManager()) {
      MhimNetwork student = loaded(config, manager, checkpoint, "model");
      MhimNetwork teacher = loaded(config, manager, checkpoint, "teacher");
      TorchTensor bagTensor = TorchZip.readSingleTensor(fixture.resolve("bag.pt"));
      NDArray bag = manager.create(bagTensor.toFloatArray(), new Shape(bagTensor.shape()));
      MhimTrainingStep step =
          MhimTrainingStep.builder()
              .setStudent(student)
              .setTeacher(teacher)
              .setManager(manager)
              .optConfig(config)
              .optRecordGradientNorms(true)
              .build();
      GlobalRecycleNetwork recycle = (GlobalRecycleNetwork) student.extra("merge");
      assertClose(expected.get("global_q_before"), recycle.globalQueries().toFloatArray(), "global_q_before");

      StepResult result =
          step.step(
              bag,
              expected.get("label").asInt(),
              new StepControls(2e-4, config.maskRatioH(), expected.get("ema_momentum").asDouble()),
              new FixedStepRandomness(ints(expected.get("recycle_permutation"))));

      assertArrayEquals(ints(expected.get("high_mask_kept_order")), result.mask().kept(), "kept instances");
      assertEquals(expected.get("recycle_keep").asInt(), result.keptTokens(), "recycle_keep");
      assertEquals(expected.get("tokens_into_encoder").asLong(), result.tokensIntoEncoder(), "tokens_into_encoder");
      assertClose(expected.get("logits"), result.logits(), "logits");
      assertClose(expected.get("ce_loss").asDouble(), result.ceLoss(), "ce_loss");
      assertClose(expected.get("aux_loss").asDouble(), result.auxLoss(), "aux_loss");
      assertClose(expected.get("total_loss").asDouble(), result.totalLoss(), "total_loss");
      assertClose(expected.get("global_q_after"), recycle.globalQueries().toFloatArray(), "global_q_after");

      JsonNode gradients = expected.get("grad_l2_norms");
      TreeSet<String> expectedNames = new TreeSet<>();
      gradients.fieldNames().forEachRemaining(expectedNames::add);
      assertEquals(expectedNames, new TreeSet<>(result.gradientNorms().keySet()),
          "exactly the parameters that receive a gradient");
      gradients.properties().forEach(
          e -> assertClose(e.getValue().asDouble(), result.gradientNorms().get(e.getKey()), "grad " + e.getKey()));

      var teacherParameters = teacher.referenceParameters();
      expected.get("teacher_ema_param_l2_norms_after").properties().forEach(
          e -> {
            NDArray value = teacherParameters.get(e.getKey()).getArray();
            assertClose(e.getValue().asDouble(), value.norm().getFloat(), "teacher " + e.getKey());
          });
    }
  }
}
