package org.mhim.viewer.ui;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import org.mhim.viewer.analysis.HardInAnnotations;
import org.mhim.viewer.tissue.Annotation;
import org.mhim.viewer.tissue.Ring;

/**
 * A slide's own annotations (a pathologist's regions, a demo slide's true tumour) as outlines in
 * their class's colour, over the model's evidence so the two can be compared where they are. Lines
 * keep their screen width at any zoom; polygons out of view, or too small there to see, are
 * skipped. FX thread.
 */
final class AnnotationOverlay implements SlideOverlay {

  /** Outline width in screen pixels. */
  private static final double LINE_PX = 2;
  /**
   * Annotations smaller than this on the screen are not drawn: a QuPath export of every cell holds
   * a hundred thousand polygons, which at a low zoom would cost seconds a frame as dots.
   */
  static final double MIN_SCREEN_PX = 2;
  /** Over the model's overlays (0), under the ruler. */
  static final int LAYER = 1;

  /** Colours of classes other than QuPath's usual ones, by the hash of their name. */
  private static final List<Color> PALETTE = List.of(
      Color.rgb(0, 114, 178), Color.rgb(230, 159, 0), Color.rgb(0, 158, 115), Color.rgb(204, 121, 167),
      Color.rgb(86, 180, 233), Color.rgb(213, 94, 0));

  private final List<Annotation> annotations;
  /** {minX, minY, maxX, maxY} of each annotation, for skipping those out of view. */
  private final double[][] bounds;
  private final Color[] colors;
  private final String[] classes;
  private final Runnable repaint;
  private Set<String> hidden = Set.of();

  /** @param repaint asks the canvas for a new frame (after classes are hidden or shown) */
  AnnotationOverlay(List<Annotation> annotations, Runnable repaint) {
    this.annotations = List.copyOf(annotations);
    this.repaint = repaint;
    bounds = this.annotations.stream().map(a -> a.polygon().bounds()).toArray(double[][]::new);
    colors = this.annotations.stream().map(a -> colorOf(a.classification())).toArray(Color[]::new);
    classes = this.annotations.stream().map(HardInAnnotations::nameOf).toArray(String[]::new);
  }

  /** The outline colour of the class listed as {@code name} ({@link #classCounts}' names). */
  Color colorOfClass(String name) {
    for (int i = 0; i < classes.length; i++) {
      if (classes[i].equals(name)) {
        return colors[i];
      }
    }
    throw new IllegalArgumentException("no annotation of class " + name);
  }

  /** How many annotations of each class, in the order the file first names them. */
  Map<String, Integer> classCounts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String c : classes) {
      counts.merge(c, 1, Integer::sum);
    }
    return counts;
  }

  /** Draws no annotation of these classes ({@link #classCounts}' names). */
  void setHidden(Set<String> classNames) {
    hidden = Set.copyOf(classNames);
    repaint.run();
  }

  Set<String> hidden() {
    return hidden;
  }

  /**
   * The outline colour of a class: QuPath's colours for its usual classes (so a file drawn there
   * looks the same here), green for the tissue a slide's annotations may outline, others by name.
   */
  static Color colorOf(String classification) {
    String key = classification.trim().toLowerCase(Locale.ROOT);
    return switch (key) {
      case "tumor", "tumour" -> Color.rgb(200, 0, 0);
      case "stroma" -> Color.rgb(150, 200, 150);
      case "immune cells" -> Color.rgb(160, 90, 160);
      case "necrosis" -> Color.rgb(50, 50, 50);
      case "other" -> Color.rgb(255, 200, 0);
      case "region*" -> Color.rgb(0, 0, 180);
      case "ignore*" -> Color.rgb(180, 180, 180);
      case "tissue" -> Color.rgb(40, 170, 60);
      case "" -> Color.rgb(255, 220, 0); // unclassified
      default -> PALETTE.get(Math.floorMod(key.hashCode(), PALETTE.size()));
    };
  }

  List<Annotation> annotations() {
    return annotations;
  }

  @Override
  public int layer() {
    return LAYER;
  }

  @Override
  public void paint(GraphicsContext gc, Viewport view) {
    gc.setLineWidth(LINE_PX * view.downsample());
    for (int i = 0; i < annotations.size(); i++) {
      if (hidden.contains(classes[i]) || !worthDrawing(bounds[i], view)) {
        continue;
      }
      gc.setStroke(colors[i]);
      gc.beginPath();
      trace(gc, annotations.get(i).polygon().exterior(), view.downsample());
      for (Ring hole : annotations.get(i).polygon().holes()) {
        trace(gc, hole, view.downsample());
      }
      gc.stroke();
    }
  }

  /** Whether an annotation with these bounds is in view and large enough there to be seen. */
  static boolean worthDrawing(double[] bounds, Viewport view) {
    double minSize = MIN_SCREEN_PX * view.downsample();
    return view.overlaps(bounds) && (bounds[2] - bounds[0] >= minSize || bounds[3] - bounds[1] >= minSize);
  }

  private static void trace(GraphicsContext gc, Ring ring, double minStep) {
    double[] xy = simplified(ring, minStep);
    gc.moveTo(xy[0], xy[1]);
    for (int k = 2; k < xy.length; k += 2) {
      gc.lineTo(xy[k], xy[k + 1]);
    }
    gc.closePath();
  }

  /**
   * The ring's vertices without those closer than {@code minStep} (in x plus y) to the last one
   * kept: at one screen pixel, what the outline looks like at this zoom, at a fraction of the
   * vertices of a detailed outline seen from afar (a stroke's cost follows its vertices). The first
   * vertex is always kept; {x0, y0, x1, y1, …}.
   */
  static double[] simplified(Ring ring, double minStep) {
    int n = ring.size();
    double[] kept = new double[2 * n];
    double lastX = ring.x(0);
    double lastY = ring.y(0);
    kept[0] = lastX;
    kept[1] = lastY;
    int count = 1;
    for (int k = 1; k < n; k++) {
      double x = ring.x(k);
      double y = ring.y(k);
      if (Math.abs(x - lastX) + Math.abs(y - lastY) >= minStep) {
        kept[2 * count] = x;
        kept[2 * count + 1] = y;
        count++;
        lastX = x;
        lastY = y;
      }
    }
    return Arrays.copyOf(kept, 2 * count);
  }
}
