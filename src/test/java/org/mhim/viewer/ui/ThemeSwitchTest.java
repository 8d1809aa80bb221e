package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mhim.viewer.ui.ViewerTestSupport.fx;
import static org.mhim.viewer.ui.ViewerTestSupport.fxRun;

import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * The theme button switches light and dark: the stylesheets, the colours the controls are drawn
 * with, the colour around the slide; the choice is saved and a new window starts with it.
 */
class ThemeSwitchTest extends ViewerWindowFixture {

  @Test
  void theToggleSwitchesThemeEverywhereAndIsRemembered(FxRobot robot) {
    fxRun(() -> window.open(ViewerTestSupport.smallSlide()));
    ViewerCanvas viewer = ViewerTestSupport.waitForSharpView(window);
    // Put the slide's top-left corner at the canvas centre: the upper left quarter is background.
    fxRun(() -> viewer.centerOn(0, 0));
    ViewerTestSupport.waitSharp(viewer);
    assertTrue(fx(() -> stylesheetsEndWith("light.css")));
    Color lightWindow = fx(this::windowBackground);
    assertEquals(rgb(Theme.LIGHT.canvasBackground()), fx(() -> pixel(viewer, 10, 10)));

    robot.clickOn("#theme-toggle");
    ViewerTestSupport.waitSharp(viewer);
    assertTrue(fx(() -> stylesheetsEndWith("dark.css")));
    Color darkWindow = fx(this::windowBackground);
    assertNotEquals(lightWindow, darkWindow);
    assertTrue(darkWindow.getBrightness() < lightWindow.getBrightness(), "dark is darker: " + darkWindow + " vs " + lightWindow);
    assertEquals(rgb(Theme.DARK.canvasBackground()), fx(() -> pixel(viewer, 10, 10)));
    ViewerTestSupport.waitUntil("the saved theme", () -> UserSettings.load(config).theme() == Theme.DARK, 10);

    // A new window (the next start) comes up dark.
    ViewerWindow next = fx(() -> ViewerTestSupport.showWindow(SlideOpener.openSlide(), config));
    try {
      assertTrue(fx(() -> next.stage().getScene().getStylesheets().getLast().endsWith("dark.css")));
    } finally {
      fxRun(() -> next.stage().close());
    }

    robot.clickOn("#theme-toggle");
    ViewerTestSupport.waitSharp(viewer);
    assertTrue(fx(() -> stylesheetsEndWith("light.css")));
    assertEquals(rgb(Theme.LIGHT.canvasBackground()), fx(() -> pixel(viewer, 10, 10)));
    ViewerTestSupport.waitUntil("the saved theme", () -> UserSettings.load(config).theme() == Theme.LIGHT, 10);
  }

  private boolean stylesheetsEndWith(String name) {
    return window.stage().getScene().getStylesheets().getLast().endsWith(name);
  }

  /** The colour the window's root is painted with, as rendered. */
  private Color windowBackground() {
    return window.stage().getScene().snapshot(null).getPixelReader().getColor(5, (int) window.stage().getScene().getHeight() - 5);
  }

  private static int pixel(ViewerCanvas viewer, int x, int y) {
    return viewer.snapshot(null, null).getPixelReader().getArgb(x, y) & 0xFFFFFF;
  }

  private static int rgb(Color c) {
    return (int) Math.round(c.getRed() * 255) << 16 | (int) Math.round(c.getGreen() * 255) << 8
        | (int) Math.round(c.getBlue() * 255);
  }
}
