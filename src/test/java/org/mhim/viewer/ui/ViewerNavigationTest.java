package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mhim.viewer.ui.ViewerTestSupport.fx;
import static org.mhim.viewer.ui.ViewerTestSupport.fxRun;

import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.geometry.VerticalDirection;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Zoom and pan with the mouse and the keyboard on a real generated slide. */
class ViewerNavigationTest extends ViewerWindowFixture {

  @Test
  void wheelZoomsAroundTheCursorAndDragPans(FxRobot robot) {
    fxRun(() -> window.open(ViewerTestSupport.smallSlide()));
    ViewerCanvas viewer = ViewerTestSupport.waitForSharpView(window);
    Viewport before = fx(viewer::viewport);
    Bounds screen = fx(() -> viewer.localToScreen(viewer.getBoundsInLocal()));
    Point2D at = new Point2D(screen.getMinX() + 200, screen.getMinY() + 150);
    Point2D local = fx(() -> viewer.screenToLocal(at));
    double anchorX = before.imageX(local.getX());
    double anchorY = before.imageY(local.getY());

    robot.moveTo(at).scroll(2, VerticalDirection.UP);
    WaitForAsyncUtils.waitForFxEvents();
    Viewport zoomed = fx(viewer::viewport);
    assertTrue(zoomed.downsample() < before.downsample() / 1.2,
        "scrolling up zooms in: " + before.downsample() + " → " + zoomed.downsample());
    assertEquals(anchorX, zoomed.imageX(local.getX()), zoomed.downsample());
    assertEquals(anchorY, zoomed.imageY(local.getY()), zoomed.downsample());

    robot.drag(at, MouseButton.PRIMARY).dropBy(120, 80);
    WaitForAsyncUtils.waitForFxEvents();
    Viewport panned = fx(viewer::viewport);
    assertEquals(zoomed.centerX() - 120 * zoomed.downsample(), panned.centerX(), 2 * zoomed.downsample());
    assertEquals(zoomed.centerY() - 80 * zoomed.downsample(), panned.centerY(), 2 * zoomed.downsample());
    assertEquals(zoomed.downsample(), panned.downsample(), 1e-9);
  }

  @Test
  void keyboardZoomsPansFitsAndJumpsToPresets(FxRobot robot) {
    fxRun(() -> window.open(ViewerTestSupport.smallSlide()));
    ViewerCanvas viewer = ViewerTestSupport.waitForSharpView(window);
    Viewport fit = fx(viewer::viewport);
    fxRun(viewer::requestFocus);

    robot.type(KeyCode.EQUALS); // the "+" key on a US keyboard, unshifted
    Viewport in = fx(viewer::viewport);
    assertEquals(fit.downsample() / 1.5, in.downsample(), 1e-6);

    robot.type(KeyCode.RIGHT);
    Viewport right = fx(viewer::viewport);
    assertEquals(in.centerX() + in.width() / 8 * in.downsample(), right.centerX(), 1e-6);
    assertEquals(in.centerY(), right.centerY(), 1e-6);

    robot.type(KeyCode.DOWN);
    assertEquals(right.centerY() + right.height() / 8 * right.downsample(), fx(viewer::viewport).centerY(), 1e-6);

    robot.type(KeyCode.DIGIT5); // 5× on a 20× slide: downsample 4
    assertEquals(4, fx(viewer::viewport).downsample(), 1e-9);

    robot.type(KeyCode.MINUS);
    assertEquals(4 * 1.5, fx(viewer::viewport).downsample(), 1e-9);

    robot.type(KeyCode.F);
    Viewport refit = fx(viewer::viewport);
    assertEquals(fit.downsample(), refit.downsample(), 1e-9);
    assertEquals(1600, refit.centerX(), 1e-9);
    assertEquals(1200, refit.centerY(), 1e-9);
  }
}
