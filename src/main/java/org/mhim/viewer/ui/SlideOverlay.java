package org.mhim.viewer.ui;

import java.util.Optional;
import javafx.scene.canvas.GraphicsContext;

/**
 * Something drawn over the slide: a heatmap, patch outlines, annotations. The canvas calls
 * {@link #paint} after the slide tiles, with the graphics context already transformed so that
 * user space is level-0 image pixels; an overlay therefore draws in image coordinates and never
 * thinks about zoom or pan. Overlays paint on the JavaFX thread and must only draw what is ready
 * (anything slow is prepared elsewhere, then {@link ViewerCanvas#requestRepaint()}).
 */
public interface SlideOverlay {

  /**
   * Paints in level-0 coordinates. {@code view} tells what is visible (to skip the rest) and the
   * downsample (to choose a level of detail or a line width: one screen pixel is
   * {@code view.downsample()} image pixels).
   */
  void paint(GraphicsContext gc, Viewport view);

  /**
   * Where it lies among the overlays: they paint by layer, those of a layer in the order they were
   * added. The model's evidence is 0; the slide's annotations lie over it, the ruler over all.
   */
  default int layer() {
    return 0;
  }

  /** Text to show when the cursor rests on level-0 point (x, y), if the overlay has any there. */
  default Optional<String> tooltipAt(double x, double y) {
    return Optional.empty();
  }
}
