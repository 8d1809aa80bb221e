package org.mhim.viewer.ui;

import javafx.beans.value.ObservableValue;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.Image;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

/**
 * The whole slide in miniature with the current view outlined; clicking or dragging on it
 * centres the main view there. The thumbnail arrives later (it is read off the JavaFX thread).
 */
final class Minimap extends Region {

  static final double MAX_SIZE = 220;

  private final Canvas canvas = new Canvas();
  private final double slideWidth;
  private final double slideHeight;
  private final ObservableValue<Viewport> viewport;
  private final ViewerCanvas viewer;
  private Image thumbnail;

  Minimap(ViewerCanvas viewer) {
    this.viewer = viewer;
    this.slideWidth = viewer.metadata().width();
    this.slideHeight = viewer.metadata().height();
    this.viewport = viewer.viewportProperty();
    double scale = MAX_SIZE / Math.max(slideWidth, slideHeight);
    canvas.setWidth(Math.max(1, Math.round(slideWidth * scale)));
    canvas.setHeight(Math.max(1, Math.round(slideHeight * scale)));
    getChildren().add(canvas);
    getStyleClass().add("minimap");
    setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
    viewport.addListener((obs, old, now) -> paint());
    canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, this::moveView);
    canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::moveView);
    paint();
  }

  /** Level-0 pixels per minimap pixel. */
  double scale() {
    return slideWidth / canvas.getWidth();
  }

  /** The thumbnail size drawn without scaling (the slide's aspect, at most {@link #MAX_SIZE}). */
  int thumbnailWidth() {
    return (int) canvas.getWidth();
  }

  int thumbnailHeight() {
    return (int) canvas.getHeight();
  }

  void setThumbnail(Image image) {
    this.thumbnail = image;
    paint();
  }

  @Override
  protected double computePrefWidth(double height) {
    return canvas.getWidth() + snappedLeftInset() + snappedRightInset();
  }

  @Override
  protected double computePrefHeight(double width) {
    return canvas.getHeight() + snappedTopInset() + snappedBottomInset();
  }

  @Override
  protected void layoutChildren() {
    canvas.relocate(snappedLeftInset(), snappedTopInset());
  }

  private void moveView(MouseEvent e) {
    double s = scale();
    viewer.centerOn(Math.clamp(e.getX() * s, 0, slideWidth), Math.clamp(e.getY() * s, 0, slideHeight));
    e.consume();
  }

  private void paint() {
    GraphicsContext gc = canvas.getGraphicsContext2D();
    double w = canvas.getWidth();
    double h = canvas.getHeight();
    gc.setFill(Color.WHITE);
    gc.fillRect(0, 0, w, h);
    if (thumbnail != null && thumbnail.getWidth() == w && thumbnail.getHeight() == h) {
      gc.drawImage(thumbnail, 0, 0); // unscaled: this repaints with every view change
    } else if (thumbnail != null) {
      gc.setImageSmoothing(true);
      gc.drawImage(thumbnail, 0, 0, w, h);
    }
    Viewport v = viewport.getValue();
    if (v == null) {
      return;
    }
    double s = scale();
    double x0 = Math.clamp(v.minX() / s, 0, w);
    double y0 = Math.clamp(v.minY() / s, 0, h);
    double x1 = Math.clamp(v.maxX() / s, 0, w);
    double y1 = Math.clamp(v.maxY() / s, 0, h);
    // Keep a tiny view visible as at least a few pixels.
    if (x1 - x0 < 4) {
      double c = (x0 + x1) / 2;
      x0 = c - 2;
      x1 = c + 2;
    }
    if (y1 - y0 < 4) {
      double c = (y0 + y1) / 2;
      y0 = c - 2;
      y1 = c + 2;
    }
    gc.setFill(Color.rgb(33, 150, 243, 0.15));
    gc.fillRect(x0, y0, x1 - x0, y1 - y0);
    // The outline as four filled bars: a stroked rectangle is an anti-aliased shape, which the
    // software pipeline draws far slower, and this repaints with every view change.
    gc.setFill(Color.rgb(25, 118, 210));
    double t = Math.min(1.5, Math.min(x1 - x0, y1 - y0) / 2);
    gc.fillRect(x0, y0, x1 - x0, t);
    gc.fillRect(x0, y1 - t, x1 - x0, t);
    gc.fillRect(x0, y0 + t, t, y1 - y0 - 2 * t);
    gc.fillRect(x1 - t, y0 + t, t, y1 - y0 - 2 * t);
  }
}
