package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mhim.viewer.mil.ModelLocator;

/** The remembered model list: round trip, the demo model first, and damaged files fall back to the demo model. */
class ModelRegistryTest {

  @TempDir Path dir;

  @Test
  void bundlesAndTheChoiceSurviveARoundTrip() {
    Path a = dir.resolve("model-a");
    Path b = dir.resolve("model-b");
    ModelRegistry registry = ModelRegistry.defaults().withBundle(a).withBundle(b).withBundle(a);
    assertEquals(List.of(a, b), registry.bundles(), "registered once each, in order");
    assertEquals(a.toString(), registry.selected(), "the last import is chosen");
    registry.save(dir);
    ModelRegistry read = ModelRegistry.load(dir);
    assertEquals(registry, read);
    assertEquals(List.of(ModelLocator.DEMO, a.toString(), b.toString()), read.choices());
    assertEquals(ModelLocator.DEMO, read.withSelected(ModelLocator.DEMO).selected());
  }

  @Test
  void anImportMadeBeforeTheRememberedListIsReadJoinsItInsteadOfReplacingIt() {
    Path saved = dir.resolve("saved").toAbsolutePath();
    Path imported = dir.resolve("imported").toAbsolutePath();
    ModelRegistry remembered = ModelRegistry.defaults().withBundle(saved).withSelected(ModelLocator.DEMO);
    ModelRegistry meanwhile = ModelRegistry.defaults().withBundle(imported).withBundle(saved);
    ModelRegistry merged = meanwhile.mergedInto(remembered);
    assertEquals(List.of(saved, imported), merged.bundles(), "the remembered bundle stays, the new one joins once");
    assertEquals(saved.toString(), merged.selected(), "the newer choice wins");
  }

  @Test
  void aMissingDamagedOrUnknownChoiceMeansTheDemoModel() throws Exception {
    assertEquals(ModelRegistry.defaults(), ModelRegistry.load(dir));
    Files.writeString(dir.resolve("models.properties"), "selected=/no/such/model\nbundle.0=/some/model\n", StandardCharsets.UTF_8);
    ModelRegistry read = ModelRegistry.load(dir);
    assertEquals(ModelLocator.DEMO, read.selected(), "a choice that is not registered");
    assertEquals(List.of(Path.of("/some/model")), read.bundles());
    Files.write(dir.resolve("models.properties"), new byte[] {'a', '=', '\\', 'u', '1'});
    assertEquals(ModelRegistry.defaults(), ModelRegistry.load(dir), "a malformed file");
  }
}
