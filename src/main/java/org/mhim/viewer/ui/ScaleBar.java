package org.mhim.viewer.ui;

import java.util.OptionalDouble;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * A scale bar of a round length (1, 2 or 5 × a power of ten µm) about {@value #TARGET_PX} screen
 * pixels long, from the slide's pixel size. Hidden when the slide has none.
 */
final class ScaleBar extends VBox {

  static final double TARGET_PX = 120;

  /** A chosen bar: its length in µm and on screen, and its label ("500 µm", "2 mm"). */
  record Choice(double microns, double pixels, String label) {}

  private final Region bar = new Region();
  private final Label label = new Label();

  ScaleBar(OptionalDouble micronsPerPixel, ObservableValue<Viewport> viewport) {
    getStyleClass().add("scale-bar");
    bar.getStyleClass().add("scale-bar-line");
    label.getStyleClass().add("scale-bar-label");
    setAlignment(Pos.CENTER_LEFT);
    getChildren().addAll(label, bar);
    setMouseTransparent(true);
    setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
    if (micronsPerPixel.isEmpty()) {
      setVisible(false);
      setManaged(false);
      return;
    }
    viewport.addListener((obs, old, view) -> update(micronsPerPixel.getAsDouble(), view));
    update(micronsPerPixel.getAsDouble(), viewport.getValue());
  }

  private void update(double mpp, Viewport view) {
    if (view == null) {
      return;
    }
    Choice choice = choose(mpp * view.downsample(), TARGET_PX);
    bar.setPrefWidth(choice.pixels());
    bar.setMinWidth(choice.pixels());
    bar.setMaxWidth(choice.pixels());
    label.setText(choice.label());
    if (getParent() instanceof LayoutFence fence) {
      fence.refresh();
    }
  }

  /** The largest round length not longer than {@code targetPx} on screen. */
  static Choice choose(double micronsPerScreenPixel, double targetPx) {
    double target = micronsPerScreenPixel * targetPx;
    double power = Math.pow(10, Math.floor(Math.log10(target)));
    double microns = power;
    for (double m : new double[] {5, 2, 1}) {
      if (m * power <= target) {
        microns = m * power;
        break;
      }
    }
    return new Choice(microns, microns / micronsPerScreenPixel, format(microns));
  }

  static String format(double microns) {
    if (microns >= 1000) {
      return trim(microns / 1000) + " mm";
    }
    if (microns >= 1) {
      return trim(microns) + " µm";
    }
    return trim(microns * 1000) + " nm";
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? String.format("%.0f", v) : String.format("%s", v);
  }
}
