package org.mhim.viewer.ui;

/**
 * What part of a slide the canvas shows: the level-0 point at the centre of the canvas, how many
 * level-0 pixels one screen pixel covers, and the canvas size in screen pixels. Pure values and
 * pure functions, so navigation maths is testable without a display.
 *
 * @param centerX level-0 x at the canvas centre
 * @param centerY level-0 y at the canvas centre
 * @param downsample level-0 pixels per screen pixel (1 = full resolution, larger = zoomed out)
 * @param width canvas width in screen pixels
 * @param height canvas height in screen pixels
 */
public record Viewport(double centerX, double centerY, double downsample, double width, double height) {

  public Viewport {
    if (!(downsample > 0) || Double.isInfinite(downsample)) {
      throw new IllegalArgumentException("downsample must be positive: " + downsample);
    }
    if (width < 0 || height < 0) {
      throw new IllegalArgumentException("negative canvas size " + width + "×" + height);
    }
  }

  /** The view that shows a whole {@code slideWidth × slideHeight} image centred in the canvas. */
  public static Viewport fit(double slideWidth, double slideHeight, double width, double height) {
    double w = Math.max(width, 1);
    double h = Math.max(height, 1);
    double downsample = Math.max(slideWidth / w, slideHeight / h);
    return new Viewport(slideWidth / 2, slideHeight / 2, Math.max(downsample, 1e-6), width, height);
  }

  /** Level-0 x under screen x. */
  public double imageX(double screenX) {
    return centerX + (screenX - width / 2) * downsample;
  }

  /** Level-0 y under screen y. */
  public double imageY(double screenY) {
    return centerY + (screenY - height / 2) * downsample;
  }

  /** Screen x of level-0 x. */
  public double screenX(double imageX) {
    return (imageX - centerX) / downsample + width / 2;
  }

  /** Screen y of level-0 y. */
  public double screenY(double imageY) {
    return (imageY - centerY) / downsample + height / 2;
  }

  /** Left edge of the view in level-0 pixels. */
  public double minX() {
    return imageX(0);
  }

  /** Top edge of the view in level-0 pixels. */
  public double minY() {
    return imageY(0);
  }

  /** Right edge of the view in level-0 pixels. */
  public double maxX() {
    return imageX(width);
  }

  /** Bottom edge of the view in level-0 pixels. */
  public double maxY() {
    return imageY(height);
  }

  /** Whether a box {@code {minX, minY, maxX, maxY}} in level-0 pixels overlaps the view. */
  public boolean overlaps(double[] box) {
    return box[2] >= minX() && box[0] <= maxX() && box[3] >= minY() && box[1] <= maxY();
  }

  public Viewport withCenter(double x, double y) {
    return new Viewport(x, y, downsample, width, height);
  }

  public Viewport withDownsample(double newDownsample) {
    return new Viewport(centerX, centerY, newDownsample, width, height);
  }

  /** Same centre and zoom on a canvas of another size (the window was resized). */
  public Viewport withSize(double newWidth, double newHeight) {
    return new Viewport(centerX, centerY, downsample, newWidth, newHeight);
  }

  /**
   * Zooms by {@code factor} (2 = twice as large on screen) keeping the image point under
   * ({@code screenX}, {@code screenY}) where it is.
   */
  public Viewport zoomAround(double screenX, double screenY, double factor) {
    double newDownsample = downsample / factor;
    double anchorX = imageX(screenX);
    double anchorY = imageY(screenY);
    return new Viewport(
        anchorX - (screenX - width / 2) * newDownsample,
        anchorY - (screenY - height / 2) * newDownsample,
        newDownsample,
        width,
        height);
  }

  /**
   * As {@link #zoomAround(double, double, double)}, with the resulting downsample kept within
   * [{@code minDownsample}, {@code maxDownsample}] while the point under the cursor stays put.
   */
  public Viewport zoomAround(
      double screenX, double screenY, double factor, double minDownsample, double maxDownsample) {
    double target = Math.clamp(downsample / factor, minDownsample, Math.max(minDownsample, maxDownsample));
    return zoomAround(screenX, screenY, downsample / target);
  }

  /** Moves the image by a screen-pixel drag: dragging right shows what lies to the left. */
  public Viewport pan(double dxScreen, double dyScreen) {
    return withCenter(centerX - dxScreen * downsample, centerY - dyScreen * downsample);
  }

  /**
   * Keeps the zoom within [{@code minDownsample}, {@code maxDownsample}] (around the canvas centre)
   * and the centre on the slide, so the user cannot lose the image.
   */
  public Viewport constrain(double slideWidth, double slideHeight, double minDownsample, double maxDownsample) {
    double ds = Math.clamp(downsample, minDownsample, Math.max(minDownsample, maxDownsample));
    double x = Math.clamp(centerX, 0, slideWidth);
    double y = Math.clamp(centerY, 0, slideHeight);
    if (ds == downsample && x == centerX && y == centerY) {
      return this;
    }
    return new Viewport(x, y, ds, width, height);
  }
}
