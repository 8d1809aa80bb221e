package org.mhim.viewer.ui;

import java.util.List;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
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
    double left = view.imageX(0);
    double top = view.imageY(0);
    double right = view.imageX(view.width());
    double bottom = view.imageY(view.height());
    gc.setLineWidth(LINE_PX * view.downsample());
    gc.setStroke(OUTLINE);
    for (int r = 0; r < regions.size(); r++) {
      double[] b = bounds[r];
      if (b[2] < left || b[0] > right || b[3] < top || b[1] > bottom) {
        continue;
      }
      Polygon polygon = regions.get(r).polygon();
      gc.beginPath();
      trace(gc, polygon.exterior());
      for (Ring hole : polygon.holes()) {
        trace(gc, hole);
      }
      gc.stroke();
    }
  }

  private static void trace(GraphicsContext gc, Ring ring) {
    gc.moveTo(ring.x(0), ring.y(0));
    for (int i = 1; i < ring.size(); i++) {
      gc.lineTo(ring.x(i), ring.y(i));
    }
    gc.closePath();
  }

  private static Color rgb(int rgb, double opacity) {
    return Color.rgb((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, opacity);
  }
}
