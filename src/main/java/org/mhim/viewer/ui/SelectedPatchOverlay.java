package org.mhim.viewer.ui;

import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/** Marks the inspected patch on the slide: a dark outline inside a light one, visible on any colour. FX thread. */
final class SelectedPatchOverlay implements SlideOverlay {

  private final Runnable repaint;
  private double[] rect;

  SelectedPatchOverlay(Runnable repaint) {
    this.repaint = repaint;
  }

  /** Marks the level-0 rectangle (x, y, width, height). */
  void select(double x, double y, double width, double height) {
    rect = new double[] {x, y, width, height};
    repaint.run();
  }

  @Override
  public void paint(GraphicsContext gc, Viewport view) {
    if (rect == null) {
      return;
    }
    double px = view.downsample();
    gc.setLineWidth(3 * px);
    gc.setStroke(Color.WHITE);
    gc.strokeRect(rect[0], rect[1], rect[2], rect[3]);
    gc.setLineWidth(1.5 * px);
    gc.setStroke(Color.rgb(20, 20, 20));
    gc.strokeRect(rect[0], rect[1], rect[2], rect[3]);
  }
}
