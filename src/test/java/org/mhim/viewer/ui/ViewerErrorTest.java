package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mhim.viewer.ui.ViewerTestSupport.fx;
import static org.mhim.viewer.ui.ViewerTestSupport.fxRun;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javafx.scene.control.Labeled;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/** A file that is not a slide shows an error naming it, and the viewer carries on working. */
class ViewerErrorTest extends ViewerWindowFixture {

  @TempDir Path dir;

  @Test
  void anUnreadableFileIsReportedByNameAndTheAppStaysResponsive(FxRobot robot) throws Exception {
    Path bogus = dir.resolve("not-a-slide.svs");
    Files.writeString(bogus, "this is a text file pretending to be a slide\n".repeat(100), StandardCharsets.UTF_8);

    fxRun(() -> window.open(bogus));
    ViewerTestSupport.waitUntil("an error message", () -> !window.errorMessages().isEmpty(), 20);
    String message = fx(() -> window.errorMessages().getFirst());
    assertTrue(message.contains("not-a-slide.svs"), message);
    // The notification on screen names the file too.
    ViewerTestSupport.waitUntil("the notification", () -> robot.lookup(n -> n instanceof Labeled l
        && l.getText() != null && l.getText().contains("not-a-slide.svs") && n.isVisible()).tryQuery().isPresent(), 10);
    assertEquals(0, (int) fx(() -> window.currentViewer().isPresent() ? 1 : 0), "no tab for a failed slide");

    // Still usable: a real slide opens, renders and answers the keyboard.
    fxRun(() -> window.open(ViewerTestSupport.smallSlide()));
    ViewerCanvas viewer = ViewerTestSupport.waitForSharpView(window);
    double before = fx(viewer::viewport).downsample();
    fxRun(viewer::requestFocus);
    robot.type(KeyCode.EQUALS);
    assertEquals(before / 1.5, fx(viewer::viewport).downsample(), 1e-9);
  }

  @Test
  void aSlideThatBreaksWhileOpenIsReportedByName() throws Exception {
    Path copy = dir.resolve("breaks-while-open.tif");
    Files.copy(ViewerTestSupport.smallSlide(), copy);
    fxRun(() -> window.open(copy));
    ViewerCanvas viewer = ViewerTestSupport.waitForSharpView(window);
    // Overwrite the file in place with garbage (as a failing disk or a sync tool might), then
    // look at full resolution, where no tile has been read yet.
    byte[] garbage = new byte[(int) Files.size(copy)];
    Arrays.fill(garbage, (byte) 0x5A);
    Files.write(copy, garbage);
    fxRun(() -> viewer.setViewport(fx(viewer::viewport).withDownsample(1).withCenter(2900, 300)));
    ViewerTestSupport.waitUntil("a read error", () -> !window.errorMessages().isEmpty(), 20);
    String message = fx(() -> window.errorMessages().getFirst());
    assertTrue(message.contains("breaks-while-open.tif"), message);
  }
}
