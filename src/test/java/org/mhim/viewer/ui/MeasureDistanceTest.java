package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mhim.viewer.ui.ViewerTestSupport.fx;
import static org.mhim.viewer.ui.ViewerTestSupport.fxRun;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** M, then a drag on a real slide (0.5 µm per pixel): the line and its length in µm; Esc ends it and a drag pans again. */
class MeasureDistanceTest extends ViewerWindowFixture {

  @Test
  void aDragMeasuresInMicronsWhileMeasuringAndPansOtherwise(FxRobot robot) {
    fxRun(() -> window.open(ViewerTestSupport.smallSlide()));
    ViewerCanvas viewer = ViewerTestSupport.waitForSharpView(window);
    fxRun(viewer::requestFocus);
    Viewport view = fx(viewer::viewport);
    Bounds screen = fx(() -> viewer.localToScreen(viewer.getBoundsInLocal()));
    Point2D at = new Point2D(screen.getMinX() + 150, screen.getMinY() + 120);
    Point2D local = fx(() -> viewer.screenToLocal(at));

    robot.type(KeyCode.M);
    assertTrue(fx(() -> viewer.measuringProperty().get()));
    robot.drag(at, MouseButton.PRIMARY).dropBy(200, 150);
    WaitForAsyncUtils.waitForFxEvents();
    assertEquals(view, fx(viewer::viewport), "measuring does not pan");
    Measurement line = fx(viewer::measurement).orElseThrow();
    double ds = view.downsample();
    assertEquals(view.imageX(local.getX()), line.x0(), 1.5 * ds);
    assertEquals(view.imageY(local.getY()), line.y0(), 1.5 * ds);
    assertEquals(200 * ds, line.x1() - line.x0(), 2 * ds);
    assertEquals(150 * ds, line.y1() - line.y0(), 2 * ds);
    double microns = Math.hypot(line.x1() - line.x0(), line.y1() - line.y0()) * 0.5;
    assertEquals(microns, line.microns(OptionalDouble.of(0.5), OptionalDouble.of(0.5)).orElseThrow(), 1e-9);
    String expected = microns >= 1000 ? String.format(Locale.ROOT, "%.2f mm", microns / 1000)
        : String.format(Locale.ROOT, "%.0f µm", microns);
    assertEquals(Optional.of(expected), fx(viewer::measuredLength));

    robot.type(KeyCode.ESCAPE);
    assertFalse(fx(() -> viewer.measuringProperty().get()));
    assertEquals(Optional.empty(), fx(viewer::measurement), "the line goes with the measuring");
    robot.drag(at, MouseButton.PRIMARY).dropBy(120, 80);
    WaitForAsyncUtils.waitForFxEvents();
    assertNotEquals(view.centerX(), fx(viewer::viewport).centerX(), "a drag pans again");
  }

  @Test
  void lengthsReadAsAPathologistReadsThem() {
    OptionalDouble half = OptionalDouble.of(0.5);
    assertEquals("350 µm", new Measurement(0, 0, 700, 0).length(half, half));
    assertEquals("2.45 mm", new Measurement(0, 0, 0, 4900).length(half, half));
    assertEquals("2.5 µm", new Measurement(10, 10, 13, 14).length(half, half));
    assertEquals("5.0 µm", new Measurement(10, 10, 16, 18).length(half, half), "10 px at 0.5 µm: a decimal below 10 µm");
    assertEquals("12 µm", new Measurement(0, 0, 24, 0).length(half, half));
    assertEquals("8,400 px (level 0)", new Measurement(0, 0, 8400, 0).length(OptionalDouble.empty(), OptionalDouble.empty()));
  }
}
