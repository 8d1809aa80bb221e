package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mhim.viewer.ui.ViewerTestSupport.fx;
import static org.mhim.viewer.ui.ViewerTestSupport.fxRun;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mhim.viewer.mil.ModelLocator;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A broken model is reported by file name and the viewer stays usable: the remembered (broken)
 * bundle fails, importing a folder that is no bundle is refused, and after choosing the demo
 * model — a choice remembered in the config folder — the same slide is analysed.
 */
@ExtendWith(ApplicationExtension.class)
class AnalyzeErrorTest {

  @TempDir static Path config;
  @TempDir static Path data;
  private static Path broken;
  private ViewerWindow window;

  @Start
  void start(Stage primary) throws Exception {
    broken = data.resolve("broken-model");
    Files.createDirectories(broken);
    Files.writeString(broken.resolve("manifest.json"), "{ this is not json", StandardCharsets.UTF_8);
    ModelRegistry.defaults().withBundle(broken).save(config); // chosen last time
    window = ViewerTestSupport.showWindow(SlideOpener.openSlide(), config);
    window.analysis().setFolders(AnalysisFolders.under(data.resolve("analysis")));
  }

  @AfterEach
  void close() {
    fxRun(() -> window.stage().close());
  }

  @Test
  void aBrokenModelIsNamedAndTheDemoModelStillRuns() throws Exception {
    ViewerTestSupport.waitUntil("the model list", () -> window.analysis().models().loaded(), 10);
    assertEquals(broken.toAbsolutePath().normalize().toString(), fx(() -> window.analysis().models().selected()));
    fxRun(() -> window.open(ViewerTestSupport.smallSlide()));
    ViewerTestSupport.waitForSharpView(window);
    fxRun(() -> window.analysis().analyzeCurrent());
    ViewerTestSupport.waitUntil("an error", () -> !window.errorMessages().isEmpty(), 60);
    String message = fx(() -> window.errorMessages().getFirst());
    assertTrue(message.contains(broken.resolve("manifest.json").toString()), message);
    SlideAnalysis analysis = fx(() -> window.analysis().analysisOf(window.currentTabProperty().get()).orElseThrow());
    assertTrue(fx(() -> analysis.panel().statusLabel().getText()).startsWith("Analysis failed"));

    Path notABundle = Files.createDirectories(data.resolve("just-a-folder"));
    fxRun(() -> window.analysis().models().importBundle(notABundle));
    ViewerTestSupport.waitUntil("a second error", () -> window.errorMessages().size() == 2, 20);
    assertTrue(fx(() -> window.errorMessages().get(1)).contains(notABundle.toString()));

    fxRun(() -> window.analysis().models().select(ModelLocator.DEMO));
    ViewerTestSupport.waitUntil("the choice saved", () -> ModelRegistry.load(config).selected().equals(ModelLocator.DEMO), 10);
    assertEquals(1, ModelRegistry.load(config).bundles().size(), "the broken bundle stays registered");
    fxRun(() -> window.analysis().analyzeCurrent());
    ViewerTestSupport.waitUntil("a result", () -> analysis.result() != null, 180);
    assertEquals(2, (int) fx(() -> window.errorMessages().size()), "no further error");
    assertTrue(fx(() -> analysis.result().demoModel()));
  }
}
