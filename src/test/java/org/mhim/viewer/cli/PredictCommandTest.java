package org.mhim.viewer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mhim.viewer.mil.Bag;
import org.mhim.viewer.mil.BagFiles;
import org.mhim.viewer.mil.MhimModel;
import org.mhim.viewer.mil.ModelBundle;
import org.mhim.viewer.mil.ModelLocator;
import org.mhim.viewer.mil.WeightsChoice;

/** {@code mhimview predict} on the parity fixtures, and its refusals. */
class PredictCommandTest {

  @TempDir Path dir;

  private static Path fixture(String name) {
    return Path.of(System.getProperty("mhim.shared", "../shared"), "fixtures", "mhim-parity", name);
  }

  private static void assertClose(JsonNode expected, JsonNode actual, String what) {
    assertEquals(expected.size(), actual.size(), what);
    for (int i = 0; i < expected.size(); i++) {
      double e = expected.get(i).asDouble();
      assertEquals(e, actual.get(i).asDouble(), Math.max(1e-5, 1e-4 * Math.abs(e)), what + "[" + i + "]");
    }
  }

  @Test
  void jsonOnTheDsmilFixture() throws IOException {
    Path f = fixture("dsmil");
    CliRun r =
        CliRun.of("predict", "--model", f.resolve("checkpoint.pt").toString(), "--bag",
            f.resolve("bag.pt").toString(), "--json", "--hard-ratio", "0.03");
    assertEquals(0, r.exitCode(), r.err());
    JsonNode json = new ObjectMapper().readTree(r.out());
    JsonNode expected = new ObjectMapper().readTree(f.resolve("expected.json").toFile());
    assertEquals(List.of("class 0", "class 1"), List.of(json.at("/classes/0").asText(), json.at("/classes/1").asText()));
    assertClose(expected.at("/student_eval/logits"), json.get("logits"), "logits (0.5·bag + 0.5·max-instance)");
    assertClose(expected.at("/student_eval/probs"), json.get("probs"), "probs");
    int n = expected.at("/teacher_eval/instance_scores").size();
    assertEquals(n, json.get("instance_probs").size());
    assertEquals(2, json.at("/instance_probs/0").size());
    assertEquals(n, json.get("instance_scores").size());
    assertEquals(n, json.get("attention").size());
    List<Integer> hard = new ArrayList<>();
    json.get("hard_instances").forEach(h -> hard.add(h.asInt()));
    JsonNode teacherScores = expected.at("/teacher_eval/instance_scores");
    List<Integer> expectedOrder = new ArrayList<>();
    expected.at("/teacher_eval/high_mask_indices").forEach(h -> expectedOrder.add(h.asInt()));
    expectedOrder.sort(Comparator.comparingDouble(i -> -teacherScores.get(i).asDouble()));
    assertEquals(expectedOrder, hard, "hard instances, highest teacher score first");
  }

  /**
   * A successful prediction writes nothing to standard error, libtorch's native warnings included
   * (DJL's NDArray.set printed one the first time it loaded weights): run in a fresh JVM, as the
   * launcher runs it, since native code writes to the process's own standard error.
   */
  @Test
  void aPredictionInItsOwnProcessWritesNothingToStandardError() throws Exception {
    Path f = fixture("abmil");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(), "--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true",
                "-cp", System.getProperty("java.class.path"), "org.mhim.viewer.cli.Main",
                "predict", "--model", f.resolve("checkpoint.pt").toString(),
                "--model-config", f.resolve("config.json").toString(),
                "--bag", f.resolve("bag.pt").toString(), "--json")
            .redirectOutput(dir.resolve("out.json").toFile())
            .start();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), err);
    assertEquals("", err);
    assertTrue(new ObjectMapper().readTree(dir.resolve("out.json").toFile()).has("logits"));
  }

  @Test
  void theDemoModelIsNamedDemoAsInTheOtherCommands() throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    float[][] rows = new float[40][57]; // the demo model's stain-texture features
    for (float[] row : rows) {
      for (int j = 0; j < row.length; j++) {
        row[j] = (float) random.nextDouble();
      }
    }
    Path h5 = dir.resolve("demo-bag.h5");
    try (WritableHdfFile out = HdfFile.write(h5)) {
      out.putDataset("features", rows);
    }
    CliRun r = CliRun.of("predict", "--model", "demo", "--bag", h5.toString(), "--json");
    assertEquals(0, r.exitCode(), r.err());
    JsonNode json = new ObjectMapper().readTree(r.out());
    float[] logits;
    try (MhimModel demo = ModelBundle.load(ModelLocator.resolve(ModelLocator.DEMO), WeightsChoice.STUDENT)) {
      logits = demo.predict(BagFiles.read(h5)).logits();
    }
    assertEquals("normal", json.at("/classes/0").asText());
    assertEquals("tumor", json.at("/classes/1").asText());
    for (int c = 0; c < 2; c++) {
      assertEquals(logits[c], json.at("/logits/" + c).floatValue(), 1e-6);
    }
  }

  @Test
  void hdf5BagGivesTheSameAnswerAsThePtBag() throws Exception {
    Path f = fixture("abmil");
    Bag bag = BagFiles.read(f.resolve("bag.pt"));
    float[][] rows = new float[bag.n()][bag.dim()];
    for (int i = 0; i < bag.n(); i++) {
      System.arraycopy(bag.features(), i * bag.dim(), rows[i], 0, bag.dim());
    }
    Path h5 = dir.resolve("bag.h5");
    try (WritableHdfFile out = HdfFile.write(h5)) {
      out.putDataset("features", rows);
    }
    String[] common = {"predict", "--model", f.resolve("checkpoint.pt").toString(),
        "--model-config", f.resolve("config.json").toString(), "--json"};
    CliRun fromPt = CliRun.of(concat(common, "--bag", f.resolve("bag.pt").toString()));
    CliRun fromH5 = CliRun.of(concat(common, "--bag", h5.toString()));
    assertEquals(0, fromH5.exitCode(), fromH5.err());
    assertEquals(fromPt.out(), fromH5.out());
    assertFalse(new ObjectMapper().readTree(fromH5.out()).has("hard_instances"));
  }

  @Test
  void userMistakesGiveOneLineAndNoStackTrace() throws IOException {
    Path f = fixture("abmil");
    CliRun missingBag =
        CliRun.of("predict", "--model", f.resolve("checkpoint.pt").toString(), "--bag", dir.resolve("none.pt").toString());
    assertEquals(1, missingBag.exitCode());
    assertTrue(missingBag.err().startsWith("mhimview: "), missingBag.err());
    assertTrue(missingBag.err().contains("none.pt"), missingBag.err());

    Path notACheckpoint = Files.writeString(dir.resolve("model.pt"), "not a zip");
    Files.copy(f.resolve("config.json"), dir.resolve("config.json"));
    CliRun broken = CliRun.of("predict", "--model", notACheckpoint.toString(), "--bag", f.resolve("bag.pt").toString());
    assertEquals(1, broken.exitCode());
    assertTrue(broken.err().startsWith("mhimview: ") && broken.err().contains("model.pt"), broken.err());

    Path wrongConfig = dir.resolve("wrong.json");
    Files.writeString(wrongConfig, Files.readString(f.resolve("config.json")).replace("\"mlp_dim\": 128", "\"mlp_dim\": 96"));
    CliRun mismatch =
        CliRun.of("predict", "--model", f.resolve("checkpoint.pt").toString(), "--model-config", wrongConfig.toString(),
            "--bag", f.resolve("bag.pt").toString());
    assertEquals(1, mismatch.exitCode());
    assertTrue(mismatch.err().contains("'feature.0.weight'"), mismatch.err());
    for (CliRun r : List.of(missingBag, broken, mismatch)) {
      assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
