package org.mhim.viewer.mil;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Weights that do not fit are refused with a message naming the keys and shapes. */
class StateDictsTest {

  private static final Path ABMIL = Fixtures.root().resolve("abmil");

  private static MhimConfig configWith(String key, Object value) throws IOException {
    ObjectNode root = (ObjectNode) new ObjectMapper().readTree(ABMIL.resolve("config.json").toFile());
    root.putPOJO(key, value);
    return MhimConfig.fromReferenceJson(new ObjectMapper().valueToTree(root));
  }

  @Test
  void aMismatchedShapeNamesTheKeyAndBothShapes() throws IOException {
    MhimConfig wrong = configWith("mlp_dim", 64);
    IncompatibleWeightsException e =
        assertThrows(
            IncompatibleWeightsException.class,
            () -> ReferenceCheckpoints.load(ABMIL.resolve("checkpoint.pt"), wrong, WeightsChoice.STUDENT));
    String m = e.getMessage();
    assertTrue(m.contains("'feature.0.weight'"), m);
    assertTrue(m.contains("checkpoint has [128, 384], the model needs [64, 384]"), m);
    assertTrue(m.contains("checkpoint.pt"), m);
  }

  @Test
  void anotherAggregatorNamesMissingAndUnexpectedKeys() throws IOException {
    MhimConfig wrong = configWith("baseline", "dsmil");
    IncompatibleWeightsException e =
        assertThrows(
            IncompatibleWeightsException.class,
            () -> ReferenceCheckpoints.load(ABMIL.resolve("checkpoint.pt"), wrong, WeightsChoice.STUDENT));
    String m = e.getMessage();
    assertTrue(m.contains("missing keys: online_encoder.b_classifier.fcc.bias"), m);
    assertTrue(m.contains("unexpected keys"), m);
    assertTrue(m.contains("online_encoder.attention.attention.0.weight"), m);
  }

  @Test
  void aDifferentClassCountIsRefusedAtThePredictor() throws IOException {
    MhimConfig wrong = configWith("n_classes", 3);
    IncompatibleWeightsException e =
        assertThrows(
            IncompatibleWeightsException.class,
            () -> ReferenceCheckpoints.load(ABMIL.resolve("checkpoint.pt"), wrong, WeightsChoice.TEACHER));
    assertTrue(e.getMessage().contains("'predictor.weight': checkpoint has [2, 128], the model needs [3, 128]"), e.getMessage());
  }
}
