package org.mhim.viewer.ui;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javafx.geometry.Insets;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;

/**
 * The side panel of a slide's annotations: the file they came from and one line per class, its
 * colour and count, ticked while its outlines are drawn (a QuPath export's tissue outline around
 * every region can be left out, say). FX thread.
 */
final class AnnotationsPanel extends VBox {

  private final AnnotationOverlay overlay;
  private final Set<String> hidden = new HashSet<>();

  AnnotationsPanel(AnnotationLayer.Shown shown) {
    this.overlay = shown.overlay();
    setSpacing(6);
    setPadding(new Insets(10));
    Label title = new Label("Annotations");
    title.getStyleClass().add("panel-title");
    Label file = new Label(String.valueOf(shown.source().getFileName()));
    file.setTooltip(new Tooltip(shown.source().toString()));
    file.getStyleClass().add("muted");
    getChildren().addAll(title, file);
    for (Map.Entry<String, Integer> e : overlay.classCounts().entrySet()) {
      String name = e.getKey();
      CheckBox show = new CheckBox(name + " (" + e.getValue() + ")");
      show.setId("annotation-class-" + name);
      show.setGraphic(new Rectangle(14, 14, overlay.colorOfClass(name)));
      show.setSelected(true);
      show.selectedProperty().addListener((obs, was, on) -> {
        if (on) {
          hidden.remove(name);
        } else {
          hidden.add(name);
        }
        overlay.setHidden(hidden);
      });
      getChildren().add(show);
    }
    Label help = new Label("A shows or hides them all; File › Open Annotations… loads another file.");
    help.setWrapText(true);
    help.getStyleClass().add("muted");
    getChildren().add(help);
  }
}
