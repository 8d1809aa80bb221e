package org.mhim.viewer.ui;

import java.util.Arrays;
import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.mhim.viewer.analysis.ColorScale;

/**
 * The colour bar of one overlay: the colour map from low to high, greyed below the threshold,
 * with tick values in the overlay's units (probability, percentile or the slide's range).
 * Updated whenever the overlay's style changes.
 */
final class ColorBarLegend extends VBox {

  private static final int WIDTH = 256;
  private static final int HEIGHT = 12;
  private static final double[] TICKS = {0, 0.25, 0.5, 0.75, 1};

  private final WritableImage bar = new WritableImage(WIDTH, HEIGHT);
  private final Label[] labels = new Label[TICKS.length];

  ColorBarLegend() {
    ImageView view = new ImageView(bar);
    view.setFitWidth(220);
    view.setFitHeight(HEIGHT);
    view.setSmooth(false);
    HBox ticks = new HBox();
    for (int i = 0; i < TICKS.length; i++) {
      labels[i] = new Label();
      labels[i].getStyleClass().add("legend-tick");
      labels[i].setMaxWidth(Double.MAX_VALUE);
      HBox.setHgrow(labels[i], Priority.ALWAYS);
      labels[i].setAlignment(i == 0 ? Pos.CENTER_LEFT : i == TICKS.length - 1 ? Pos.CENTER_RIGHT : Pos.CENTER);
      ticks.getChildren().add(labels[i]);
    }
    ticks.setMaxWidth(220);
    ticks.setPrefWidth(220);
    getChildren().addAll(view, ticks);
    getStyleClass().add("color-bar-legend");
  }

  /** Shows {@code scale} for {@code values} (the values the overlay colours, for tick labels). */
  void show(ColorScale scale, float[] values) {
    PixelWriter w = bar.getPixelWriter();
    for (int x = 0; x < WIDTH; x++) {
      double t = x / (double) (WIDTH - 1);
      boolean hidden = t < scale.threshold();
      for (int y = 0; y < HEIGHT; y++) {
        // Below the threshold nothing is drawn: a grey checker says "transparent".
        int argb = hidden ? (((x / 4 + y / 4) & 1) == 0 ? 0xFFBBBBBB : 0xFFEEEEEE) : scale.colormap().entry(x);
        w.setArgb(x, y, argb);
      }
    }
    for (int i = 0; i < TICKS.length; i++) {
      labels[i].setText(scale.normalization().tickLabel(TICKS[i], values));
    }
  }

  /** The tick texts, low to high (for tests). */
  List<String> tickTexts() {
    return Arrays.stream(labels).map(Label::getText).toList();
  }
}
