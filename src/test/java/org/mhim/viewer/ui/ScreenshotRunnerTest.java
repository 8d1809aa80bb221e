package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mhim.viewer.ui.ViewerTestSupport.fx;
import static org.mhim.viewer.ui.ViewerTestSupport.fxRun;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mhim.viewer.slide.ArgbImage;
import org.mhim.viewer.slide.SlideImage;

/**
 * {@code view --screenshot}: on a slide with no pixel size, --downsample works and the PNG shows
 * the slide where asked; --magnification is refused with a message naming the file.
 */
class ScreenshotRunnerTest extends ViewerWindowFixture {

  @TempDir static Path dir;

  /** A generic tiled TIFF without resolution tags, made by vips from the demo slide's level 1. */
  private static Path slideWithoutPixelSize() throws Exception {
    Path out = dir.resolve("no-mpp.tif");
    if (!Files.exists(out)) {
      Process p = new ProcessBuilder("vips", "tiffsave",
          ViewerTestSupport.smallSlide() + "[level=1]", out.toString(),
          "--tile", "--pyramid", "--compression", "jpeg", "--Q", "95", "--tile-width", "256", "--tile-height", "256")
          .redirectErrorStream(true).start();
      String log = new String(p.getInputStream().readAllBytes());
      assertEquals(0, p.waitFor(), "vips failed: " + log);
    }
    return out;
  }

  private ScreenshotRunner.Outcome run(Path slide, ViewRequest.Screenshot spec) throws Exception {
    CompletableFuture<ScreenshotRunner.Outcome> outcome = new CompletableFuture<>();
    fxRun(() -> new ScreenshotRunner(window, slide, spec, outcome::complete).start());
    return outcome.get(120, TimeUnit.SECONDS);
  }

  @Test
  void downsampleWorksWithoutPixelSizeAndThePngShowsTheSlide() throws Exception {
    Path slide = slideWithoutPixelSize();
    Path png = dir.resolve("shot.png");
    ViewRequest.Screenshot spec = new ViewRequest.Screenshot(png, OptionalDouble.of(1000), OptionalDouble.of(800),
        OptionalDouble.empty(), OptionalDouble.of(2), 1000, 700);
    ScreenshotRunner.Outcome outcome = run(slide, spec);
    assertNull(outcome.error());
    BufferedImage shot = ImageIO.read(png.toFile());
    ViewerCanvas viewer = fx(() -> window.currentViewer().orElseThrow());
    Viewport view = fx(viewer::viewport);
    assertEquals(2, view.downsample(), 1e-9);
    assertEquals(1000, view.centerX(), 1e-9);
    // The side panel is not blank in the PNG: its properties table was drawn before the capture.
    Bounds panel = fx(() -> window.stage().getScene().lookup(".properties-panel").localToScene(
        window.stage().getScene().lookup(".properties-panel").getBoundsInLocal()));
    Set<Integer> colours = new HashSet<>();
    for (int y = (int) panel.getMinY(); y < (int) panel.getMaxY() && y < shot.getHeight(); y++) {
      for (int x = (int) panel.getMinX(); x < (int) panel.getMaxX() && x < shot.getWidth(); x++) {
        colours.add(shot.getRGB(x, y));
      }
    }
    assertTrue(colours.size() > 8, "the properties panel in the PNG has " + colours.size() + " colours");
    // The canvas pixel 40 px left and above of the centre, found in the PNG, is the slide's pixel.
    Bounds canvas = fx(() -> viewer.localToScene(viewer.getBoundsInLocal()));
    int sx = (int) (view.width() / 2) - 40;
    int sy = (int) (view.height() / 2) - 40;
    try (SlideImage direct = SlideImage.open(slide)) {
      ArgbImage expected = direct.readRegion(Math.round(view.imageX(sx)), Math.round(view.imageY(sy)), 1, 1, 1);
      int got = shot.getRGB((int) canvas.getMinX() + sx, (int) canvas.getMinY() + sy);
      for (int shift = 0; shift <= 16; shift += 8) {
        int a = (expected.pixels()[0] >> shift) & 0xFF;
        int b = (got >> shift) & 0xFF;
        assertTrue(Math.abs(a - b) <= 24, String.format("pixel %06x, slide %06x", got & 0xFFFFFF, expected.pixels()[0] & 0xFFFFFF));
      }
    }
  }

  @Test
  void magnificationIsRefusedWithoutPixelSize() throws Exception {
    Path slide = slideWithoutPixelSize();
    ViewRequest.Screenshot spec = new ViewRequest.Screenshot(dir.resolve("never.png"), OptionalDouble.empty(),
        OptionalDouble.empty(), OptionalDouble.of(10), OptionalDouble.empty(), 1000, 700);
    ScreenshotRunner.Outcome outcome = run(slide, spec);
    assertTrue(outcome.error().contains("no-mpp.tif") && outcome.error().contains("--downsample"), outcome.error());
    assertTrue(Files.notExists(dir.resolve("never.png")));
  }
}
