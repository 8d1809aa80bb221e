package org.mhim.viewer.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;
import org.mhim.viewer.io.ErrorMessages;
import org.mhim.viewer.slide.SlideFileTypes;

/**
 * Analysis ▸ Analyze Slides in Folder…: asks which folder, and says how many slides it holds
 * (listed in the background); OK waits until it holds at least one. FX thread.
 */
final class FolderAnalysisForm {

  final TextField folder = FormFields.field("folder-slides", "the folder holding the slides");
  final Label found = new Label(" ");
  private final SimpleBooleanProperty ready = new SimpleBooleanProperty();
  private final LatestOnly<String, List<Path>> listing;
  private List<Path> slides = List.of();

  FolderAnalysisForm(Background background) {
    found.setId("folder-found");
    found.setWrapText(true);
    listing = new LatestOnly<>(background, FolderAnalysisForm::slidesIn, this::listed, error -> {
      slides = List.of();
      found.setText(error instanceof UncheckedIOException u ? "Cannot list the folder: " + ErrorMessages.ofIo(u.getCause())
          : folder.getText().strip() + ": " + error.getMessage());
    });
    folder.textProperty().addListener((obs, old, now) -> {
      ready.set(false);
      listing.submit(now);
    });
  }

  /**
   * The slides directly in the folder the text names; none for no text. Background.
   *
   * @throws IllegalArgumentException when the text names no folder
   */
  private static List<Path> slidesIn(String text) {
    if (text.isBlank()) {
      return List.of();
    }
    if (!FormFields.isFolder(text)) {
      throw new IllegalArgumentException("no such folder");
    }
    try {
      return SlideFileTypes.inFolder(Path.of(text.strip()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void listed(List<Path> listed) {
    slides = listed;
    ready.set(!listed.isEmpty());
    String text = folder.getText().strip();
    if (text.isEmpty()) {
      found.setText(" ");
    } else if (!listed.isEmpty()) {
      found.setText(listed.size() + (listed.size() == 1 ? " slide: " : " slides: ")
          + String.join(", ", listed.stream().limit(4).map(p -> p.getFileName().toString()).toList())
          + (listed.size() > 4 ? ", …" : ""));
    } else {
      found.setText("No slide files directly in this folder (" + String.join(", ", SlideFileTypes.patterns()) + ").");
    }
  }

  /** Starts the form at {@code folder} (the open slide's, say), listed at once. */
  FolderAnalysisForm startingAt(Path folder) {
    this.folder.setText(folder.toString());
    return this;
  }

  /** True while the folder is being listed (tests wait for it). */
  boolean checking() {
    return listing.busy();
  }

  /** The dialog, not yet shown; {@code model} names the chosen model in its header. */
  Dialog<ButtonType> dialog(Window owner, String model) {
    GridPane grid = FormFields.grid();
    grid.addRow(0, new Label("Slides folder"), folder, FormFields.chooseFolder(folder, "The folder holding the slides", owner));
    grid.add(found, 0, 1, 3, 1);
    return FormFields.dialog(owner, "Analyze the slides in a folder", "Analyze every slide in a folder with " + model + ".\n"
        + "Each slide's results are kept where Analyze keeps them, with a summary.csv of all the slides;"
        + " features are cached.", grid, ready);
  }

  /** Shows the dialog and waits for it; the folder's slides when the user pressed OK. */
  Optional<List<Path>> ask(Window owner, String model) {
    return dialog(owner, model).showAndWait().filter(button -> button == ButtonType.OK).map(button -> slides());
  }

  /** The slides the folder was last found to hold. */
  List<Path> slides() {
    return slides;
  }
}
