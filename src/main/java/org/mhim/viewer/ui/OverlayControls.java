package org.mhim.viewer.ui;

import java.util.List;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Slider;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.mhim.viewer.analysis.ColorScale;
import org.mhim.viewer.analysis.Colormap;
import org.mhim.viewer.analysis.InstanceMeasure;
import org.mhim.viewer.analysis.Instances;
import org.mhim.viewer.analysis.Normalization;

/**
 * The controls of one overlay layer: on/off, what it measures (when there is a choice), colour
 * map, normalisation, opacity and threshold, and its live colour bar. Every change goes straight
 * to the layer, whose overlay makes its tiles again in the background and repaints.
 */
final class OverlayControls extends VBox {

  private final InstanceOverlay overlay;
  private final int layer;
  private final Instances instances;
  private final CheckBox shown;
  private final ComboBox<InstanceMeasure> measure = new ComboBox<>();
  private final ComboBox<Colormap> colormap = new ComboBox<>();
  private final ComboBox<Normalization> normalization = new ComboBox<>();
  private final Slider opacity = new Slider(0, 1, 0.5);
  private final Slider threshold = new Slider(0, 1, 0);
  private final ColorBarLegend legend = new ColorBarLegend();
  private final GridPane settings = new GridPane();

  /**
   * @param title the check box's text ("Class probability", "Attention", …)
   * @param layer the index of the layer in {@code overlay} these controls change
   * @param choices the measures to pick from (one: no picker)
   * @param classNames to label class probabilities
   */
  OverlayControls(String title, InstanceOverlay overlay, int layer, Instances instances,
      List<InstanceMeasure> choices, List<String> classNames) {
    this.overlay = overlay;
    this.layer = layer;
    this.instances = instances;
    InstanceOverlay.Layer style = overlay.layer(layer);
    shown = new CheckBox(title);
    shown.setSelected(style.visible());
    shown.getStyleClass().add("overlay-toggle");

    measure.getItems().setAll(choices);
    measure.setValue(style.measure());
    measure.setConverter(FormFields.named(m -> m.label(classNames)));
    colormap.getItems().setAll(Colormap.values());
    colormap.setValue(style.scale().colormap());
    colormap.setConverter(FormFields.named(Colormap::displayName));
    colormap.setCellFactory(list -> new ListCell<>() {
      @Override
      protected void updateItem(Colormap item, boolean empty) {
        super.updateItem(item, empty);
        setText(empty || item == null ? null : item.displayName());
      }
    });
    normalization.getItems().setAll(Normalization.values());
    normalization.setValue(style.scale().normalization());
    normalization.setConverter(FormFields.named(Normalization::displayName));
    opacity.setValue(style.scale().opacity());
    threshold.setValue(style.scale().threshold());
    for (Slider s : List.of(opacity, threshold)) {
      s.setShowTickMarks(true);
      s.setMajorTickUnit(0.25);
      s.setBlockIncrement(0.05);
    }

    settings.setHgap(8);
    settings.setVgap(4);
    settings.setPadding(new Insets(2, 0, 0, 22));
    int row = 0;
    if (choices.size() > 1) {
      settings.addRow(row++, new Label("Show"), measure);
    }
    settings.addRow(row++, new Label("Colours"), colormap);
    settings.addRow(row++, new Label("Scale"), normalization);
    settings.addRow(row++, new Label("Opacity"), opacity);
    settings.addRow(row++, new Label("Threshold"), threshold);
    settings.add(legend, 0, row, 2, 1);
    settings.disableProperty().bind(shown.selectedProperty().not());
    getChildren().addAll(shown, settings);
    setSpacing(4);
    getStyleClass().add("overlay-controls");

    shown.selectedProperty().addListener((obs, was, on) -> overlay.setLayer(layer, overlay.layer(layer).withVisible(on)));
    measure.valueProperty().addListener((obs, was, m) -> apply());
    colormap.valueProperty().addListener((obs, was, m) -> apply());
    normalization.valueProperty().addListener((obs, was, m) -> apply());
    opacity.valueProperty().addListener((obs, was, v) -> apply());
    threshold.valueProperty().addListener((obs, was, v) -> apply());
    updateLegend();
  }

  /** The overlay this layer belongs to (shared by the layers of one result). */
  InstanceOverlay overlay() {
    return overlay;
  }

  InstanceOverlay.Layer layer() {
    return overlay.layer(layer);
  }

  CheckBox toggle() {
    return shown;
  }

  ComboBox<InstanceMeasure> measurePicker() {
    return measure;
  }

  ComboBox<Colormap> colormapPicker() {
    return colormap;
  }

  ComboBox<Normalization> normalizationPicker() {
    return normalization;
  }

  Slider opacitySlider() {
    return opacity;
  }

  Slider thresholdSlider() {
    return threshold;
  }

  ColorBarLegend legend() {
    return legend;
  }

  private void apply() {
    if (measure.getValue() == null || colormap.getValue() == null || normalization.getValue() == null) {
      return;
    }
    ColorScale scale = new ColorScale(colormap.getValue(), normalization.getValue(),
        Math.clamp(threshold.getValue(), 0, 1), Math.clamp(opacity.getValue(), 0, 1));
    overlay.setLayer(layer, new InstanceOverlay.Layer(measure.getValue(), scale, shown.isSelected()));
    updateLegend();
  }

  private void updateLegend() {
    InstanceOverlay.Layer style = overlay.layer(layer);
    legend.show(style.scale(), style.measure().values(instances));
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "OverlayControls[%s]", shown.getText());
  }
}
