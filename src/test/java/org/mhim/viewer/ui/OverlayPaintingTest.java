package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.mhim.viewer.ui.ViewerTestSupport.fx;
import static org.mhim.viewer.ui.ViewerTestSupport.fxRun;

import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;

/**
 * Overlays draw in level-0 coordinates over the slide frame: a square drawn at level-0 (1000, 800)
 * to (1200, 1000) lands where the view puts those points, follows a pan, and leaves when removed.
 */
class OverlayPaintingTest extends ViewerWindowFixture {

  private static final int RED = 0xFF0000;

  @Test
  void anOverlayPaintsInSlideCoordinatesAndFollowsTheView() {
    fxRun(() -> window.open(ViewerTestSupport.smallSlide()));
    ViewerCanvas viewer = ViewerTestSupport.waitForSharpView(window);
    SlideOverlay square = new SlideOverlay() {
      @Override
      public void paint(GraphicsContext gc, Viewport view) {
        gc.setFill(Color.RED);
        gc.fillRect(1000, 800, 200, 200);
      }
    };
    fxRun(() -> viewer.setViewport(viewer.viewport().withCenter(1100, 900).withDownsample(2)));
    ViewerTestSupport.waitSharp(viewer);
    int before = fx(() -> rgbAt(viewer, 1100, 900));
    assertNotEquals(RED, before, "the slide itself is not pure red there");

    fxRun(() -> viewer.overlays().add(square));
    ViewerTestSupport.waitUntil("the overlay on screen", () -> rgbAt(viewer, 1100, 900) == RED, 10);
    assertEquals(RED, fx(() -> rgbAt(viewer, 1005, 805)));
    assertNotEquals(RED, fx(() -> rgbAt(viewer, 995, 900)), "left of the square is slide");
    assertNotEquals(RED, fx(() -> rgbAt(viewer, 1100, 1005)), "below the square is slide");

    // Pan: the square stays on its slide coordinates.
    fxRun(() -> viewer.setViewport(viewer.viewport().pan(-150, 40)));
    ViewerTestSupport.waitSharp(viewer);
    assertEquals(RED, fx(() -> rgbAt(viewer, 1100, 900)));
    assertNotEquals(RED, fx(() -> rgbAt(viewer, 1250, 900)));

    fxRun(() -> viewer.overlays().remove(square));
    ViewerTestSupport.waitUntil("the overlay gone", () -> rgbAt(viewer, 1100, 900) == before, 10);
  }

  /** The rendered colour where the view shows level-0 point (x, y). FX thread. */
  private static int rgbAt(ViewerCanvas viewer, double x, double y) {
    Viewport v = viewer.viewport();
    return viewer.snapshot(null, null).getPixelReader()
        .getArgb((int) Math.floor(v.screenX(x)), (int) Math.floor(v.screenY(y))) & 0xFFFFFF;
  }
}
