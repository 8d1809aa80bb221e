package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mhim.viewer.ui.ViewerTestSupport.fx;
import static org.mhim.viewer.ui.ViewerTestSupport.fxRun;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import org.junit.jupiter.api.Test;
import org.mhim.viewer.slide.ArgbImage;
import org.mhim.viewer.slide.SlideImage;

/**
 * What the canvas shows equals what OpenSlide reads: rendered pixels compared with the slide
 * region read directly, at two magnifications that land on pyramid levels.
 */
class ViewerRenderingTest extends ViewerWindowFixture {

  /** JPEG tiles decode identically both ways; a little slack for the drawing pipeline. */
  private static final int TOLERANCE = 4;

  @Test
  void renderedPixelsMatchTheSlideAtTenAndTwoAndAHalfTimes() {
    Path slide = ViewerTestSupport.smallSlide();
    fxRun(() -> window.open(slide));
    ViewerCanvas viewer = ViewerTestSupport.waitForSharpViewWithoutAnnotations(window);
    try (SlideImage direct = SlideImage.open(slide)) {
      // 10× on a 20× slide is downsample 2 (level 1); 2.5× is downsample 8 (level 3).
      assertMatches(viewer, direct, 2, 1, 700, 500);
      assertMatches(viewer, direct, 8, 3, 0, 0);
    }
  }

  private static void assertMatches(ViewerCanvas viewer, SlideImage direct, double downsample, int level, long left, long top) {
    Viewport size = fx(viewer::viewport);
    int w = (int) size.width();
    int h = (int) size.height();
    // Put level-0 (left, top) at the top-left screen pixel so screen pixels are whole level pixels.
    fxRun(() -> viewer.setViewport(new Viewport(left + w / 2.0 * downsample, top + h / 2.0 * downsample, downsample, w, h)));
    ViewerTestSupport.waitSharp(viewer);
    assertEquals(level, viewer.grid().levelFor(downsample));
    WritableImage shot = fx(() -> viewer.snapshot(null, null));
    PixelReader rendered = shot.getPixelReader();
    ArgbImage expected = direct.readRegion(left, top, level, w, h);
    long levelWidth = direct.metadata().level(level).width();
    long levelHeight = direct.metadata().level(level).height();
    int compared = 0;
    int worst = 0;
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < h; y += 3) {
      for (int x = 0; x < w; x += 3) {
        if (left / downsample + x >= levelWidth - 1 || top / downsample + y >= levelHeight - 1) {
          continue; // beyond the slide the canvas shows its background
        }
        if (x < ViewerCanvas.RIM || y < ViewerCanvas.RIM || x >= w - ViewerCanvas.RIM || y >= h - ViewerCanvas.RIM) {
          // The canvas keeps a rim in its background colour (so a new frame repaints the canvas alone).
          assertEquals(argb(Theme.LIGHT.canvasBackground()), rendered.getArgb(x, y), "rim pixel " + x + ", " + y);
          continue;
        }
        int want = expected.pixels()[y * w + x];
        int got = rendered.getArgb(x, y);
        worst = Math.max(worst, channelDifference(want, got));
        colours.add(want & 0xF0F0F0);
        compared++;
      }
    }
    assertTrue(compared > 10_000, "compared only " + compared + " pixels");
    assertTrue(colours.size() > 30, "the region should show tissue, not a flat colour: " + colours.size());
    assertTrue(worst <= TOLERANCE, "at downsample " + downsample + " a channel differs by " + worst);
  }

  private static int argb(javafx.scene.paint.Color c) {
    return 0xFF000000 | (int) Math.round(c.getRed() * 255) << 16 | (int) Math.round(c.getGreen() * 255) << 8
        | (int) Math.round(c.getBlue() * 255);
  }

  private static int channelDifference(int a, int b) {
    int worst = 0;
    for (int shift = 0; shift <= 16; shift += 8) {
      worst = Math.max(worst, Math.abs(((a >> shift) & 0xFF) - ((b >> shift) & 0xFF)));
    }
    return worst;
  }
}
