package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mhim.viewer.ui.ViewerTestSupport.fx;
import static org.mhim.viewer.ui.ViewerTestSupport.fxRun;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.MenuItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opened slides join File ▸ Open Recent, which is saved in the user settings: a new window lists
 * them, choosing one opens it, and one that has gone since is reported by name and dropped.
 */
class RecentFilesTest extends ViewerWindowFixture {

  @TempDir Path dir;

  @Test
  void openedSlidesAreRememberedAndReopenFromTheMenu() throws Exception {
    Path first = Files.copy(ViewerTestSupport.smallSlide(), dir.resolve("first.tif"));
    Path second = Files.copy(ViewerTestSupport.smallSlide(), dir.resolve("second.tif"));
    assertTrue(fx(() -> window.recentMenu().isDisable()), "nothing recent yet");
    fxRun(() -> window.open(first));
    ViewerTestSupport.waitForSharpView(window);
    fxRun(() -> window.open(second));
    ViewerTestSupport.waitUntil("two tabs", () -> window.recentFiles().size() == 2, 20);

    // Saved, most recent first; the next start lists them in its menu.
    ViewerTestSupport.waitUntil("the saved list", () -> UserSettings.load(config).recentFiles().size() == 2, 10);
    assertEquals(List.of(second.toAbsolutePath(), first.toAbsolutePath()), UserSettings.load(config).recentFiles());
    fxRun(() -> window.stage().close());
    window = fx(() -> ViewerTestSupport.showWindow(SlideOpener.openSlide(), config));
    List<String> labels = fx(() -> window.recentMenu().getItems().stream().map(MenuItem::getText).toList());
    assertEquals(2, labels.size(), labels::toString);
    assertTrue(labels.get(0).startsWith("second.tif"), labels::toString);
    assertTrue(labels.get(1).startsWith("first.tif"), labels::toString);

    // Choosing an entry opens that slide.
    fxRun(() -> window.recentMenu().getItems().get(1).fire());
    ViewerCanvas viewer = ViewerTestSupport.waitForSharpView(window);
    assertEquals(first.toAbsolutePath(), fx(() -> viewer.metadata().path()));
    ViewerTestSupport.waitUntil("first moved to the top", () -> window.recentFiles().getFirst().equals(first.toAbsolutePath()), 10);
  }

  @Test
  void aRecentSlideThatWasDeletedIsReportedAndDropped() throws Exception {
    Path kept = Files.copy(ViewerTestSupport.smallSlide(), dir.resolve("kept.tif"));
    Path gone = Files.copy(ViewerTestSupport.smallSlide(), dir.resolve("gone.tif"));
    UserSettings.defaults().withRecent(kept).withRecent(gone).save(config);
    fxRun(() -> window.stage().close());
    window = fx(() -> ViewerTestSupport.showWindow(SlideOpener.openSlide(), config));
    Files.delete(gone);

    fxRun(() -> window.recentMenu().getItems().getFirst().fire());
    ViewerTestSupport.waitUntil("an error", () -> !window.errorMessages().isEmpty(), 20);
    String message = fx(() -> window.errorMessages().getLast());
    assertTrue(message.contains("gone.tif"), message);
    assertFalse(fx(() -> window.currentViewer().isPresent()), "no tab for a missing slide");
    assertEquals(List.of(kept.toAbsolutePath()), fx(window::recentFiles));
    assertEquals(1, (int) fx(() -> window.recentMenu().getItems().size()));
    ViewerTestSupport.waitUntil("the saved list without it", () -> UserSettings.load(config).recentFiles().size() == 1, 10);

    // The window is still usable: the remaining entry opens.
    fxRun(() -> window.recentMenu().getItems().getFirst().fire());
    ViewerCanvas viewer = ViewerTestSupport.waitForSharpView(window);
    assertEquals(kept.toAbsolutePath(), fx(() -> viewer.metadata().path()));
  }
}
