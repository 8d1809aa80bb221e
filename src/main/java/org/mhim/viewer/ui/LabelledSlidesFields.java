package org.mhim.viewer.ui;

import java.nio.file.Path;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * Which labelled slides: a labels CSV of slide_id,label and the folder of those slides, each named
 * slide_id.*, with Choose… buttons; what the training wizard and the evaluation ask first. FX thread.
 */
final class LabelledSlidesFields {

  final TextField labels = FormFields.field("labels", "slide_id,label CSV");
  final TextField slides = FormFields.field("slides", "the folder holding the slides");

  /** Adds the two rows to {@code grid} from {@code row} on. */
  void addTo(GridPane grid, int row, Window owner) {
    grid.addRow(row, new Label("Labels (CSV of slide_id,label)"), labels, FormFields.chooseFile(labels,
        "Labels: a CSV of slide_id,label", new FileChooser.ExtensionFilter("CSV", "*.csv", "*.txt"), owner));
    grid.addRow(row + 1, new Label("Slides folder (files named slide_id.*)"), slides,
        FormFields.chooseFolder(slides, "The folder holding the slides", owner));
  }

  Path labelsFile() {
    return Path.of(labels.getText().strip());
  }

  Path slidesFolder() {
    return Path.of(slides.getText().strip());
  }
}
