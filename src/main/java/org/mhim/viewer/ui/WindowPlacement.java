package org.mhim.viewer.ui;

import java.util.List;
import java.util.Optional;
import java.util.Properties;
import javafx.geometry.Rectangle2D;
import javafx.stage.Stage;

/**
 * Where the viewer's window was and how large, for the next start to open it there again.
 *
 * @param maximized whether it filled the screen (the bounds are then the screen's)
 */
record WindowPlacement(double x, double y, double width, double height, boolean maximized) {

  /** Smaller than this is no window to come back to (a screenshot run's, a test's). */
  static final double MIN_WIDTH = 400;
  static final double MIN_HEIGHT = 300;
  /** How much of the window must lie on a screen for the placement to be used again. */
  private static final double MIN_VISIBLE = 100;

  private static final String PREFIX = "window.";

  /** The stage's placement now. FX thread. */
  static WindowPlacement of(Stage stage) {
    return new WindowPlacement(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), stage.isMaximized());
  }

  /** The placement in {@code p}; empty when it holds none, or a damaged one. */
  static Optional<WindowPlacement> from(Properties p) {
    try {
      String x = p.getProperty(PREFIX + "x");
      if (x == null) {
        return Optional.empty();
      }
      return Optional.of(new WindowPlacement(Double.parseDouble(x), Double.parseDouble(p.getProperty(PREFIX + "y")),
          Double.parseDouble(p.getProperty(PREFIX + "width")), Double.parseDouble(p.getProperty(PREFIX + "height")),
          Boolean.parseBoolean(p.getProperty(PREFIX + "maximized"))));
    } catch (NumberFormatException | NullPointerException e) {
      return Optional.empty(); // a hand-edited file: the default placement will do
    }
  }

  void putInto(Properties p) {
    p.setProperty(PREFIX + "x", Double.toString(x));
    p.setProperty(PREFIX + "y", Double.toString(y));
    p.setProperty(PREFIX + "width", Double.toString(width));
    p.setProperty(PREFIX + "height", Double.toString(height));
    p.setProperty(PREFIX + "maximized", Boolean.toString(maximized));
  }

  /**
   * Whether the window would be usable on {@code screens} (their visual bounds): large enough, and
   * with enough of it on one screen to grab (a screen since unplugged leaves it nowhere).
   */
  boolean usableOn(List<Rectangle2D> screens) {
    if (!sensible()) {
      return false;
    }
    for (Rectangle2D screen : screens) {
      double across = Math.min(x + width, screen.getMaxX()) - Math.max(x, screen.getMinX());
      double down = Math.min(y + height, screen.getMaxY()) - Math.max(y, screen.getMinY());
      if (across >= MIN_VISIBLE && down >= MIN_VISIBLE) {
        return true;
      }
    }
    return false;
  }

  /** Somewhere (a window never shown has no position), and at least {@value #MIN_WIDTH} × {@value #MIN_HEIGHT}. */
  boolean sensible() {
    return Double.isFinite(x) && Double.isFinite(y) && width >= MIN_WIDTH && height >= MIN_HEIGHT;
  }

  /** Puts the stage there. FX thread. */
  void applyTo(Stage stage) {
    stage.setX(x);
    stage.setY(y);
    stage.setWidth(width);
    stage.setHeight(height);
    stage.setMaximized(maximized);
  }
}
