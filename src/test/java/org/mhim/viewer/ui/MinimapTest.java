package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mhim.viewer.ui.ViewerTestSupport.fx;
import static org.mhim.viewer.ui.ViewerTestSupport.fxRun;

import javafx.geometry.Point2D;
import javafx.scene.canvas.Canvas;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Clicking and dragging on the overview moves the main view there. */
class MinimapTest extends ViewerWindowFixture {

  @Test
  void clickAndDragCentreTheViewThere(FxRobot robot) {
    fxRun(() -> window.open(ViewerTestSupport.smallSlide()));
    ViewerCanvas viewer = ViewerTestSupport.waitForSharpView(window);
    fxRun(() -> viewer.zoomToDownsample(1));
    Minimap minimap = robot.lookup(".minimap").queryAs(Minimap.class);
    Canvas canvas = fx(() -> (Canvas) minimap.getChildrenUnmodifiable().getFirst());
    double scale = fx(minimap::scale);

    Point2D target = fx(() -> canvas.localToScreen(40, 30));
    robot.clickOn(target);
    WaitForAsyncUtils.waitForFxEvents();
    Viewport clicked = fx(viewer::viewport);
    assertEquals(40 * scale, clicked.centerX(), scale);
    assertEquals(30 * scale, clicked.centerY(), scale);
    assertEquals(1, clicked.downsample(), 1e-9, "the minimap moves, it does not zoom");

    robot.drag(target).moveTo(fx(() -> canvas.localToScreen(120, 90))).release(javafx.scene.input.MouseButton.PRIMARY);
    WaitForAsyncUtils.waitForFxEvents();
    Viewport dragged = fx(viewer::viewport);
    assertEquals(120 * scale, dragged.centerX(), scale);
    assertEquals(90 * scale, dragged.centerY(), scale);
  }
}
