package org.mhim.viewer.mil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mhim.viewer.mil.Fixtures.assertClose;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every folder of the shared parity fixtures, reproduced from its checkpoint and bag: the student's
 * logits and probabilities, the teacher's bag embedding and instance scores, and the high-score set.
 */
class ParityFixtureTest {

  static Stream<Path> fixtures() throws IOException {
    return Fixtures.folders().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void studentAndTeacherMatchTheReference(Path fixture) throws IOException {
    JsonNode expected = new ObjectMapper().readTree(fixture.resolve("expected.json").toFile());
    MhimConfig config = MhimConfig.read(fixture.resolve("config.json"));
    Bag bag = BagFiles.read(fixture.resolve("bag.pt"));
    try (MhimModel model =
        ReferenceCheckpoints.load(fixture.resolve("checkpoint.pt"), config, WeightsChoice.STUDENT)) {
      Prediction p = model.predict(bag);
      JsonNode student = expected.path("student_eval");
      assertClose(student.path("logits"), p.logits(), "student logits");
      assertClose(student.path("probs"), p.probabilities(), "student probs");

      JsonNode teacher = expected.path("teacher_eval");
      assertClose(teacher.path("instance_scores"), p.teacherScores(), "teacher instance scores");
      int k = teacher.path("high_mask_k").asInt();
      assertEquals(k, p.hardCount(config.maskRatioH() / config.maskRatioHr()), "high_mask_k");
      TreeSet<Integer> expectedSet = new TreeSet<>();
      teacher.path("high_mask_indices").forEach(n -> expectedSet.add(n.asInt()));
      TreeSet<Integer> actualSet = new TreeSet<>();
      p.hardInstances(config.maskRatioH()).forEach(h -> actualSet.add(h.index()));
      assertEquals(expectedSet, actualSet, "high_mask_indices");

      try (NDManager scope = NDManager.newBaseManager(model.device())) {
        ParameterStore ps = new ParameterStore(scope, false);
        NDArray x = scope.create(bag.features(), new Shape(bag.n(), bag.dim()));
        MhimNetwork.TeacherOutput t = model.teacher().teacher(ps, x, false);
        assertClose(teacher.path("cls_feat"), t.embedding().toFloatArray(), "teacher cls_feat");
        if (config.aggregator() == AggregatorKind.DSMIL) {
          MhimNetwork s = model.student();
          DsmilAggregator.Result r =
              (DsmilAggregator.Result) s.aggregate(ps, s.project(ps, x, false), false, false);
          assertClose(student.path("bag_logits"), r.bagLogits().toFloatArray(), "DSMIL bag logits");
          assertClose(
              student.path("max_instance_logits"),
              r.maxInstanceLogits().toFloatArray(),
              "DSMIL max-instance logits");
        }
      }
    }
  }

  /** The teacher as the predicting network: its class-aware scores are the fixture's. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void teacherWeightsPredictWithTheirOwnScores(Path fixture) throws IOException {
    JsonNode expected = new ObjectMapper().readTree(fixture.resolve("expected.json").toFile());
    MhimConfig config = MhimConfig.read(fixture.resolve("config.json"));
    try (MhimModel model =
        ReferenceCheckpoints.load(fixture.resolve("checkpoint.pt"), config, WeightsChoice.TEACHER)) {
      Prediction p = model.predict(BagFiles.read(fixture.resolve("bag.pt")));
      assertClose(expected.at("/teacher_eval/instance_scores"), p.scores(), "scores");
      List<Integer> top = p.hardInstances(config.maskRatioH()).stream().map(HardInstance::index).sorted().toList();
      List<Integer> want = new ArrayList<>();
      expected.at("/teacher_eval/high_mask_indices").forEach(n -> want.add(n.asInt()));
      assertEquals(want, top);
    }
  }
}
