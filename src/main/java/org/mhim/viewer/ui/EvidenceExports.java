package org.mhim.viewer.ui;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.mhim.viewer.analysis.GeoJsonExporter;
import org.mhim.viewer.analysis.SlideResult;
import org.mhim.viewer.analysis.ThresholdContours;

/**
 * Exports of the evidence: a class's map cut at a probability threshold into contours, written
 * as QuPath GeoJSON annotations; and the view as seen, with its overlays and the map's legend, as
 * a PNG. Files are written atomically in the background. FX thread.
 */
final class EvidenceExports extends VBox {

  private final SlideResult result;
  private final Node viewArea;
  private final Supplier<MapLegend> legend;
  private final Background background;
  private final Consumer<String> onError;
  private final ComboBox<String> classChoice = new ComboBox<>();
  private final Spinner<Double> threshold = new Spinner<>(0.05, 0.95, 0.5, 0.05);
  private final Label contourCount = new Label();
  private final Label status = new Label();
  /** Merging can take a while on 100k patches: counted in the background, for the latest choice. */
  private final LatestOnly<ContourMap, String> contourCounter;

  /**
   * @param viewArea what "export view" captures (the canvas with its overlays, minimap, scale bar)
   * @param legend the legend of the map shown now
   * @param onError shows a message; FX thread
   */
  EvidenceExports(
      SlideResult result, Node viewArea, Supplier<MapLegend> legend, Background background,
      Consumer<String> onError) {
    this.result = result;
    this.viewArea = viewArea;
    this.legend = legend;
    this.background = background;
    this.onError = onError;
    this.contourCounter = new LatestOnly<>(background, map -> {
      int n = ThresholdContours.contours(result, map.classIndex(), map.threshold()).size();
      return String.format(Locale.ROOT, "%d %s at P(%s) ≥ %.2f", n, n == 1 ? "contour" : "contours",
          result.classNames().get(map.classIndex()), map.threshold());
    }, contourCount::setText, error -> contourCount.setText(""));
    getStyleClass().add("evidence-exports");
    setSpacing(8);
    setPadding(new Insets(10));
    Label title = new Label("Export");
    title.getStyleClass().add("panel-title");
    classChoice.getItems().setAll(result.classNames());
    classChoice.getSelectionModel().select(result.predictedClass());
    threshold.setEditable(true);
    threshold.setPrefWidth(90);
    classChoice.valueProperty().addListener((obs, old, now) -> countContours());
    threshold.valueProperty().addListener((obs, old, now) -> countContours());
    Button contours = new Button("Export contours…");
    contours.setId("export-contours");
    contours.setOnAction(e -> choose("Export contours as GeoJSON", "GeoJSON", "*.geojson", "-contours.geojson")
        .ifPresent(this::exportContours));
    Button view = new Button("Export view with legend…");
    view.setId("export-view");
    view.setOnAction(e -> choose("Export view as PNG", "PNG image", "*.png", "-view.png").ifPresent(this::exportView));
    status.setWrapText(true);
    getChildren().addAll(
        title,
        new HBox(6, new Label("Map"), classChoice, new Label("≥"), threshold),
        contourCount, contours, view, status);
    countContours();
  }

  /** Chooses the class of the contours (the map shown); FX thread. */
  void setContourClass(int classIndex) {
    classChoice.getSelectionModel().select(classIndex);
  }

  /** Chooses the class and threshold of the contours; FX thread. */
  void setContourMap(int classIndex, double probability) {
    classChoice.getSelectionModel().select(classIndex);
    threshold.getValueFactory().setValue(probability);
  }

  /** Writes the contours of the chosen class at the chosen threshold to {@code target}. */
  Task<Path> exportContours(Path target) {
    int cls = classChoice.getSelectionModel().getSelectedIndex();
    double t = threshold.getValue();
    return background.run(() -> {
      GeoJsonExporter.writeContours(result, cls, t, target);
      return target;
    }, written -> status.setText("Contours written to " + written.getFileName()),
        error -> onError.accept("Cannot write " + target + ": " + error.getMessage()));
  }

  /** Writes the view as seen now, with the legend, to {@code target}. */
  Task<Path> exportView(Path target) {
    BufferedImage shot = ViewExport.toBuffered(ViewExport.capture(viewArea));
    MapLegend now = legend.get();
    return background.run(() -> {
      ViewExport.writePng(LegendPainter.withLegend(shot, now), target);
      return target;
    }, written -> status.setText("View written to " + written.getFileName()),
        error -> onError.accept("Cannot write " + target + ": " + error.getMessage()));
  }

  /** Stops counting contours (the view is going away). */
  void detach() {
    contourCounter.stop();
  }

  private void countContours() {
    int cls = classChoice.getSelectionModel().getSelectedIndex();
    Double t = threshold.getValue();
    if (cls >= 0 && t != null) {
      contourCounter.submit(new ContourMap(cls, t));
    }
  }

  private record ContourMap(int classIndex, double threshold) {}

  private Optional<Path> choose(String title, String kind, String pattern, String suffix) {
    FileChooser chooser = new FileChooser();
    chooser.setTitle(title);
    chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(kind, pattern));
    chooser.setInitialFileName(result.slideId() + suffix);
    File file = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
    return Optional.ofNullable(file).map(File::toPath);
  }
}
