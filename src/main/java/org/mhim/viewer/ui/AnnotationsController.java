package org.mhim.viewer.ui;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiConsumer;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;
import org.mhim.viewer.io.ErrorMessages;
import org.mhim.viewer.tissue.AnnotationFile;

/**
 * The viewer's annotation files: File › Open Annotations… (a QuPath GeoJSON export, say), the file
 * found beside a slide as it opens ({@code NAME.annotations.geojson}, as the demo slides come), and
 * View › Show Annotations (A). Files are read in the background; a file
 * that cannot be read is reported with its name and the problem. FX thread.
 */
final class AnnotationsController {

  private final ObservableValue<SlideTab> current;
  private final Background background;
  private final Window owner;
  private final BiConsumer<String, String> onError;
  private final MenuItem openItem;
  private final CheckMenuItem showItem = new CheckMenuItem();

  AnnotationsController(ObservableValue<SlideTab> current, Background background, Window owner,
      BiConsumer<String, String> onError) {
    this.current = current;
    this.background = background;
    this.owner = owner;
    this.onError = onError;
    openItem = new MenuItem("Open _Annotations…", new FontIcon("mdi2v-vector-polygon"));
    openItem.setAccelerator(new KeyCodeCombination(KeyCode.G, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
    openItem.setOnAction(e -> choose());
    showItem.setOnAction(e -> toggle());
    current.addListener((obs, old, tab) -> refresh());
    refresh();
  }

  /** File › Open Annotations…: enabled while a slide is shown. */
  MenuItem openItem() {
    return openItem;
  }

  /** View › Show Annotations: checked while the current slide's annotations are drawn. */
  CheckMenuItem showItem() {
    return showItem;
  }

  /** Shows or hides the current slide's annotations (the A key). */
  void toggle() {
    SlideTab tab = current.getValue();
    if (tab != null && tab.annotations().loadedProperty().get().isPresent()) {
      tab.annotations().shownProperty().set(!tab.annotations().shownProperty().get());
    }
    refresh();
  }

  /** Loads the annotation file kept beside {@code tab}'s slide, if there is one. */
  void loadBeside(SlideTab tab) {
    Path slide = tab.path();
    Runnable searched = tab.annotations()::markSearched;
    background.run(() -> AnnotationFile.besideSlide(slide),
        found -> found.ifPresentOrElse(file -> load(tab, file, searched), searched),
        error -> {
          searched.run();
          onError.accept("Cannot read annotations", ErrorMessages.about(slide, error));
        });
  }

  /** Reads {@code file} in the background and shows it over {@code tab}'s slide. */
  void load(SlideTab tab, Path file) {
    load(tab, file, () -> {});
  }

  /** {@link #load(SlideTab, Path)}, then {@code done} whether the file was read or not. */
  private void load(SlideTab tab, Path file, Runnable done) {
    background.run(() -> new Loaded(file, AnnotationFile.read(file)), l -> {
      show(tab, l);
      done.run();
    }, error -> {
      done.run();
      onError.accept("Cannot read annotations", ErrorMessages.about(file, error));
    });
  }

  private record Loaded(Path source, AnnotationFile file) {}

  private void show(SlideTab tab, Loaded loaded) {
    if (loaded.file().annotations().isEmpty()) {
      onError.accept("No annotations to show", loaded.source() + ": no polygons in it (points and lines are not drawn)");
      return;
    }
    tab.annotations().load(loaded.source(), loaded.file());
    refresh();
  }

  private void choose() {
    SlideTab tab = current.getValue();
    if (tab == null) {
      return;
    }
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Open annotations for " + tab.path().getFileName());
    chooser.getExtensionFilters().addAll(
        new FileChooser.ExtensionFilter("GeoJSON (QuPath, this viewer's exports)", "*.geojson", "*.json"),
        new FileChooser.ExtensionFilter("All files", "*"));
    Path folder = tab.path().toAbsolutePath().getParent();
    if (folder != null) {
      chooser.setInitialDirectory(folder.toFile()); // the open slide's folder exists
    }
    File file = chooser.showOpenDialog(owner);
    if (file != null) {
      load(tab, file.toPath());
    }
  }

  private void refresh() {
    SlideTab tab = current.getValue();
    openItem.setDisable(tab == null);
    Optional<AnnotationLayer.Shown> loaded = tab == null ? Optional.empty() : tab.annotations().loadedProperty().get();
    showItem.setDisable(loaded.isEmpty());
    showItem.setSelected(loaded.isPresent() && tab.annotations().shownProperty().get());
    showItem.setText(loaded.map(s -> "Show _Annotations (A): " + s.summary()).orElse("Show _Annotations (A)"));
  }
}
