package org.mhim.viewer.ui;

import java.util.Locale;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import org.mhim.viewer.analysis.ScoreBins;

/**
 * Why the teacher masks what it masks: a histogram of its instance scores, the hard instances (its
 * highest scores) in the outline's colour, with the score where they begin. Bar heights go with the
 * square root of the counts, so a bin of one or two hard instances beside hundreds of others still
 * shows. FX thread.
 */
final class ScoreHistogram extends VBox {

  /** Bins for {@code n} instances: about five instances a bin, 10 to 40 of them. */
  static int binsFor(int n) {
    return Math.clamp(n / 5, 10, 40);
  }

  private static final double WIDTH = 260;
  private static final double HEIGHT = 64;
  private static final Color KEPT = Color.gray(0.6);

  private final Canvas canvas = new Canvas(WIDTH, HEIGHT);
  private final Label caption = new Label();
  private ScoreBins shown;

  ScoreHistogram() {
    setSpacing(2);
    caption.setId("score-histogram-caption");
    caption.setWrapText(true);
    caption.getStyleClass().add("muted");
    getChildren().addAll(canvas, caption);
  }

  /** The bins drawn last (tests read them). */
  ScoreBins shown() {
    return shown;
  }

  void show(ScoreBins bins) {
    shown = bins;
    GraphicsContext gc = canvas.getGraphicsContext2D();
    gc.clearRect(0, 0, WIDTH, HEIGHT);
    double tallest = Math.sqrt(Math.max(1, bins.tallest()));
    double barWidth = WIDTH / bins.bins();
    int[] kept = bins.kept();
    int[] hard = bins.hard();
    for (int b = 0; b < bins.bins(); b++) {
      double height = (HEIGHT - 1) * Math.sqrt(kept[b] + hard[b]) / tallest;
      double keptHeight = kept[b] + hard[b] == 0 ? 0 : height * kept[b] / (kept[b] + hard[b]);
      double hardHeight = height - keptHeight;
      gc.setFill(KEPT);
      gc.fillRect(b * barWidth, HEIGHT - keptHeight, barWidth - 1, keptHeight);
      gc.setFill(HardInstanceOverlay.OUTLINE);
      gc.fillRect(b * barWidth, HEIGHT - keptHeight - hardHeight, barWidth - 1, hardHeight);
    }
    caption.setText(Float.isNaN(bins.cut())
        ? String.format(Locale.ROOT, "Teacher scores %.3f–%.3f; none is hard at this ratio.", bins.min(), bins.max())
        : String.format(Locale.ROOT, "Teacher scores %.3f–%.3f: it masks the highest, from %.3f up (coloured).",
            bins.min(), bins.max(), bins.cut()));
  }
}
