package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mhim.viewer.ui.ViewerTestSupport.fx;
import static org.mhim.viewer.ui.ViewerTestSupport.fxRun;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javafx.scene.input.Clipboard;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mhim.viewer.slide.SlideImage;
import org.testfx.api.FxRobot;

/**
 * "Export view as PNG" writes what the screen shows (read back from the X server), and "Copy
 * view" puts the same picture on the clipboard; both show the slide itself, not an empty canvas.
 */
class ViewExportTest extends ViewerWindowFixture {

  /** The screen, the PNG and the clipboard carry the same 8-bit colours; JPEG plays no part. */
  private static final int TOLERANCE = 2;

  @TempDir Path out;

  @Test
  void exportedPngAndClipboardShowTheViewAsOnScreen(FxRobot robot) throws Exception {
    Path slide = ViewerTestSupport.smallSlide();
    ViewerCanvas viewer = showSlideAtDownsampleTwo(slide);
    SlideTab tab = fx(() -> window.currentTabProperty().get());
    ViewerTestSupport.waitUntil("the minimap thumbnail", () -> tab.thumbnailLoadedProperty().get(), 20);
    Node viewArea = tab.viewArea();

    Path png = out.resolve("view.png");
    Task<Path> export = fx(() -> window.exportViewTo(png).orElseThrow());
    ViewerTestSupport.waitUntil("the export", () -> export.getState() == Worker.State.SUCCEEDED
        || export.getState() == Worker.State.FAILED, 20);
    assertEquals(Worker.State.SUCCEEDED, fx(export::getState), () -> String.valueOf(export.getException()));
    BufferedImage written = ImageIO.read(png.toFile());
    Bounds onScreen = fx(() -> viewArea.localToScreen(viewArea.getBoundsInLocal()));
    assertEquals(Math.round(onScreen.getWidth()), written.getWidth());
    assertEquals(Math.round(onScreen.getHeight()), written.getHeight());

    // The screen as the X server has it (TestFX's glass robot reads the display back).
    Image screen = robot.capture(onScreen).getImage();
    assertSame("the PNG", written, screen.getPixelReader());

    // The view shows the slide: the canvas centre, read straight from the slide at level 1.
    Viewport view = fx(viewer::viewport);
    Bounds canvasInArea = fx(() -> viewArea.sceneToLocal(viewer.localToScene(viewer.getBoundsInLocal())));
    try (SlideImage direct = SlideImage.open(slide)) {
      int cx = (int) (view.width() / 2);
      int cy = (int) (view.height() / 2);
      long lx = (long) Math.floor(view.imageX(cx + 0.5) / 2); // level 1: two level-0 pixels each
      long ly = (long) Math.floor(view.imageY(cy + 0.5) / 2);
      int want = direct.readRegion(lx * 2, ly * 2, 1, 1, 1).pixels()[0];
      int got = written.getRGB((int) Math.round(canvasInArea.getMinX()) + cx, (int) Math.round(canvasInArea.getMinY()) + cy);
      assertTrue(difference(want, got) <= 4, String.format("the exported centre pixel %08x is not the slide's %08x", got, want));
    }

    // Copy: the clipboard holds the same picture.
    fxRun(window::copyView);
    Image copied = fx(() -> Clipboard.getSystemClipboard().getImage());
    assertTrue(copied != null, "no image on the clipboard");
    assertEquals(written.getWidth(), (int) copied.getWidth());
    assertEquals(written.getHeight(), (int) copied.getHeight());
    assertSame("the clipboard image", written, copied.getPixelReader());
  }

  @Test
  void anExportThatCannotBeWrittenIsReportedByName() throws Exception {
    showSlideAtDownsampleTwo(ViewerTestSupport.smallSlide());
    // A folder (with something in it) where the PNG should go: the write cannot replace it.
    Path taken = Files.createDirectories(out.resolve("view.png"));
    Files.writeString(taken.resolve("keep.txt"), "not to be replaced");
    fx(() -> window.exportViewTo(taken).orElseThrow());
    ViewerTestSupport.waitUntil("an error", () -> !window.errorMessages().isEmpty(), 20);
    String message = fx(() -> window.errorMessages().getLast());
    assertTrue(message.contains("view.png"), message);
    assertTrue(Files.isDirectory(taken), "the folder is still there");
  }

  private ViewerCanvas showSlideAtDownsampleTwo(Path slide) {
    fxRun(() -> window.open(slide));
    ViewerCanvas viewer = ViewerTestSupport.waitForSharpView(window);
    fxRun(() -> viewer.setViewport(viewer.viewport().withCenter(1600, 1200).withDownsample(2)));
    ViewerTestSupport.waitSharp(viewer);
    return viewer;
  }

  /** Every other pixel of {@code image} equals {@code reference} within the tolerance. */
  private static void assertSame(String what, BufferedImage image, PixelReader reference) {
    int worst = 0;
    int compared = 0;
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        worst = Math.max(worst, difference(image.getRGB(x, y), reference.getArgb(x, y)));
        compared++;
      }
    }
    assertTrue(compared > 10_000, "compared only " + compared + " pixels");
    assertTrue(worst <= TOLERANCE, what + " differs from the screen by " + worst + " in a channel");
  }

  private static int difference(int a, int b) {
    int worst = 0;
    for (int shift = 0; shift <= 16; shift += 8) {
      worst = Math.max(worst, Math.abs(((a >> shift) & 0xFF) - ((b >> shift) & 0xFF)));
    }
    return worst;
  }
}
