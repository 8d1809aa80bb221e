package org.mhim.viewer.ui;

import java.util.List;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.transform.Affine;
import org.mhim.viewer.analysis.ClassColors;
import org.mhim.viewer.analysis.PatchRegions;
import org.mhim.viewer.tissue.Polygon;
import org.mhim.viewer.tissue.Ring;

/**
 * The hard instances the teacher masks, merged into regions and drawn as outlines only, so the
 * heatmap under them keeps its colours (and the patch tooltip its place). The regions are computed elsewhere and handed over whole
 * ({@link #setRegions}); painting only strokes what is in view. FX thread.
 */
final class HardInstanceOverlay implements SlideOverlay {

  /** Outline width in screen pixels, whatever the zoom. */
  private static final double LINE_PX = 2;

  static final Color OUTLINE = rgb(ClassColors.HARD_INSTANCES, 1);

  private List<PatchRegions.Region> regions = List.of();
  /** {minX, minY, maxX, maxY} per region, for skipping those out of view. */
  private double[][] bounds = new double[0][];
  private final Runnable repaint;

  /** @param repaint asks the canvas for a new frame (after the regions change) */
  HardInstanceOverlay(Runnable repaint) {
    this.repaint = repaint;
  }

  /** Replaces the regions; FX thread. */
  void setRegions(List<PatchRegions.Region> next) {
    regions = List.copyOf(next);
    bounds = regions.stream().map(r -> r.polygon().bounds()).toArray(double[][]::new);
    repaint.run();
  }

  int regionCount() {
    return regions.size();
  }

  @Override
  public void paint(GraphicsContext gc, Viewport view) {
    // The regions are unions of patch rectangles, so every edge is horizontal or vertical: drawn
    // as whole-pixel filled rectangles in screen space, which the software pipeline fills several
    // times faster than it strokes an antialiased path.
    gc.save();
    gc.setTransform(new Affine());
    gc.setFill(OUTLINE);
    gc.setStroke(OUTLINE);
    gc.setLineWidth(LINE_PX);
    for (int r = 0; r < regions.size(); r++) {
      if (!view.overlaps(bounds[r])) {
        continue;
      }
      Polygon polygon = regions.get(r).polygon();
      edges(gc, view, polygon.exterior());
      for (Ring hole : polygon.holes()) {
        edges(gc, view, hole);
      }
    }
    gc.restore();
  }

  private static void edges(GraphicsContext gc, Viewport view, Ring ring) {
    double w = view.width();
    double h = view.height();
    int n = ring.size();
    for (int k = 0; k < n; k++) {
      double x0 = Math.round(view.screenX(ring.x(k)));
      double y0 = Math.round(view.screenY(ring.y(k)));
      double x1 = Math.round(view.screenX(ring.x((k + 1) % n)));
      double y1 = Math.round(view.screenY(ring.y((k + 1) % n)));
      double minX = Math.min(x0, x1) - LINE_PX / 2;
      double minY = Math.min(y0, y1) - LINE_PX / 2;
      double maxX = Math.max(x0, x1) + LINE_PX / 2;
      double maxY = Math.max(y0, y1) + LINE_PX / 2;
      if (maxX < 0 || maxY < 0 || minX > w || minY > h) {
        continue;
      }
      if (x0 == x1 || y0 == y1) {
        gc.fillRect(minX, minY, maxX - minX, maxY - minY);
      } else {
        gc.strokeLine(x0, y0, x1, y1); // not from a patch grid: drawn as it is
      }
    }
  }

  private static Color rgb(int rgb, double opacity) {
    return Color.rgb((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, opacity);
  }
}
