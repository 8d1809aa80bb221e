package org.mhim.viewer.ui;

import java.util.Optional;
import java.util.OptionalDouble;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * The line being measured, with its length beside its end: a dark line inside a light one and
 * outlined text, readable on any stain. Line and text keep their screen size at any zoom. FX thread.
 */
final class RulerOverlay implements SlideOverlay {

  private static final double FONT_PX = 14;

  private final OptionalDouble mppX;
  private final OptionalDouble mppY;
  private final Runnable repaint;
  private Measurement line;

  RulerOverlay(OptionalDouble mppX, OptionalDouble mppY, Runnable repaint) {
    this.mppX = mppX;
    this.mppY = mppY;
    this.repaint = repaint;
  }

  void start(double x, double y) {
    line = new Measurement(x, y, x, y);
    repaint.run();
  }

  void extendTo(double x, double y) {
    if (line != null) {
      line = line.to(x, y);
      repaint.run();
    }
  }

  void clear() {
    line = null;
    repaint.run();
  }

  Optional<Measurement> measurement() {
    return Optional.ofNullable(line);
  }

  /** The length shown; empty before a line is drawn. */
  Optional<String> lengthText() {
    return measurement().map(m -> m.length(mppX, mppY));
  }

  /** Over everything, the slide's annotations included. */
  @Override
  public int layer() {
    return AnnotationOverlay.LAYER + 1;
  }

  @Override
  public void paint(GraphicsContext gc, Viewport view) {
    if (line == null) {
      return;
    }
    double px = view.downsample();
    gc.setLineWidth(4 * px);
    gc.setStroke(Color.WHITE);
    gc.strokeLine(line.x0(), line.y0(), line.x1(), line.y1());
    gc.setLineWidth(2 * px);
    gc.setStroke(Color.rgb(20, 20, 20));
    gc.strokeLine(line.x0(), line.y0(), line.x1(), line.y1());
    String text = line.length(mppX, mppY);
    gc.setFont(Font.font(null, FONT_PX * px));
    gc.setTextAlign(TextAlignment.LEFT);
    gc.setTextBaseline(VPos.BOTTOM);
    double tx = line.x1() + 8 * px;
    double ty = line.y1() - 6 * px;
    gc.setLineWidth(3 * px);
    gc.setStroke(Color.WHITE);
    gc.strokeText(text, tx, ty);
    gc.setFill(Color.rgb(20, 20, 20));
    gc.fillText(text, tx, ty);
  }
}
