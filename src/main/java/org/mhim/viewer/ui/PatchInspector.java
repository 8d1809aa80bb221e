package org.mhim.viewer.ui;

import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.mhim.viewer.analysis.HardInstances;
import org.mhim.viewer.analysis.Instances;
import org.mhim.viewer.slide.RegionSource;

/**
 * One clicked instance: its patch enlarged, read from the slide at full resolution in the
 * background, and its values (position, every class probability, score, attention, hard rank at
 * the slider's ratio). FX thread.
 */
final class PatchInspector extends VBox {

  /** The enlarged patch is shown this wide (a 256-px patch at 1.25×). */
  static final double VIEW_WIDTH = 320;

  private final List<String> classNames;
  private final RegionSource source;
  private final Background background;
  private final ImageView view = new ImageView();
  private final Label heading = new Label("Click a patch on the slide, or a thumbnail in the gallery.");
  private final GridPane values = new GridPane();
  private final ReadOnlyObjectWrapper<Image> image = new ReadOnlyObjectWrapper<>(this, "image");
  private Instances instances;
  private int shown = -1;
  private long generation;

  PatchInspector(List<String> classNames, Instances instances, RegionSource source, Background background) {
    this.classNames = List.copyOf(classNames);
    this.instances = instances;
    this.source = source;
    this.background = background;
    getStyleClass().add("patch-inspector");
    setSpacing(8);
    setPadding(new Insets(10));
    heading.setWrapText(true);
    view.setPreserveRatio(true);
    view.setFitWidth(VIEW_WIDTH);
    view.setSmooth(false); // enlarged pixels stay crisp: the point is to see the cells
    values.setHgap(10);
    values.setVgap(2);
    getChildren().addAll(heading, view, values);
  }

  /** Shows instance {@code i}: values at once, the patch when read. */
  void show(int i) {
    shown = i;
    long mine = ++generation;
    image.set(null);
    view.setImage(null);
    showValues();
    Instances at = instances;
    background.run(() -> PatchImages.fullResolution(source, at, i), patch -> {
      if (mine == generation) {
        view.setImage(patch);
        image.set(patch);
      }
    }, error -> {
      if (mine == generation) {
        heading.setText("Cannot read patch " + i + ": " + error.getMessage());
      }
    });
  }

  /** The same instances with hard ranks at another ratio: refreshes the values shown. */
  void setInstances(Instances next) {
    instances = next;
    if (shown >= 0) {
      showValues();
    }
  }

  OptionalInt shownInstance() {
    return shown < 0 ? OptionalInt.empty() : OptionalInt.of(shown);
  }

  /** The full-resolution patch of the shown instance; null while it is read. */
  ReadOnlyObjectProperty<Image> imageProperty() {
    return image.getReadOnlyProperty();
  }

  private void showValues() {
    int i = shown;
    heading.setText(String.format(Locale.ROOT, "Patch at (%,d, %,d), %d × %d px",
        instances.x(i), instances.y(i), instances.width(i), instances.height(i)));
    values.getChildren().clear();
    int row = 0;
    for (int c = 0; c < classNames.size(); c++) {
      values.addRow(row++, new Label("P(" + classNames.get(c) + ")"), value(instances.probability(i, c)));
    }
    values.addRow(row++, new Label("Score"), value(instances.score(i)));
    values.addRow(row++, new Label("Attention"), new Label(String.format(Locale.ROOT, "%.3g", instances.attention(i))));
    int rank = instances.hardRank(i);
    values.addRow(row, new Label("Hard rank"), new Label(rank == HardInstances.NOT_HARD ? "not hard" : "#" + rank));
  }

  private static Label value(float v) {
    return new Label(String.format(Locale.ROOT, "%.3f", v));
  }
}
