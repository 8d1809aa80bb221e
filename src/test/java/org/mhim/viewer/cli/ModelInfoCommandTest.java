package org.mhim.viewer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mhimview model-info}: the demo model as text and JSON, and a folder that is no model. */
class ModelInfoCommandTest {

  @Test
  void theDemoModelSaysWhatItIs() throws Exception {
    CliRun text = CliRun.of("model-info", "demo");
    assertEquals(0, text.exitCode(), text.err());
    assertTrue(text.out().contains("warning     trained on synthetic slides; not for diagnosis"), text.out());
    assertTrue(text.out().contains("classes     normal, tumor"), text.out());
    assertTrue(text.out().contains("features    57 per patch, from stain-texture-v1 (built in)"), text.out());
    assertTrue(text.out().contains("metrics     mhim val: auc 1.000"), text.out());

    CliRun json = CliRun.of("model-info", "demo", "--json");
    assertEquals(0, json.exitCode(), json.err());
    JsonNode root = new ObjectMapper().readTree(json.out());
    assertEquals("abmil", root.get("aggregator").asText());
    assertEquals("built_in", root.get("encoder").get("source").asText());
    assertEquals(4, root.get("metrics").get("mhim").get("val").get("n").asInt());
    assertTrue(root.get("metrics").get("mhim").get("val").get("n").isIntegralNumber());
    assertEquals("mhimview make-demo-model", root.get("provenance").get("trained_by").asText());
  }

  @Test
  void aFolderThatIsNoModelIsNamed(@TempDir Path dir) {
    CliRun run = CliRun.of("model-info", dir.toString());
    assertEquals(1, run.exitCode());
    assertEquals("mhimview: " + dir + ": not a model bundle (no manifest.json)", run.err().strip());
  }
}
