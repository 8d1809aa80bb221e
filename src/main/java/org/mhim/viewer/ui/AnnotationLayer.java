package org.mhim.viewer.ui;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Node;
import javafx.scene.control.Tab;
import org.mhim.viewer.tissue.AnnotationFile;

/**
 * A slide tab's annotations: the file they came from, their outlines on the slide, and whether
 * those are shown. The file is read elsewhere (off the FX thread) and handed over. FX thread.
 */
final class AnnotationLayer {

  /** Annotations on show: where they came from and their outlines. */
  record Shown(Path source, AnnotationOverlay overlay) {
    /** "3 Tumor, 1 Tissue": how many annotations of each class, in the file's order. */
    String summary() {
      return overlay.classCounts().entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
          .collect(Collectors.joining(", "));
    }
  }

  private final ViewerCanvas viewer;
  private final Function<Node, Tab> addPanel;
  private final Consumer<Tab> removePanel;
  private Tab panel;
  private final ReadOnlyObjectWrapper<Optional<Shown>> loaded = new ReadOnlyObjectWrapper<>(this, "loaded", Optional.empty());
  private final BooleanProperty shown = new SimpleBooleanProperty(this, "shown", true);
  private final ReadOnlyBooleanWrapper searched = new ReadOnlyBooleanWrapper(this, "searched");

  /**
   * @param addPanel adds a side-panel tab with the given content (the classes' list) and returns it
   * @param removePanel removes that tab again (when another file replaces the annotations)
   */
  AnnotationLayer(ViewerCanvas viewer, Function<Node, Tab> addPanel, Consumer<Tab> removePanel) {
    this.viewer = viewer;
    this.addPanel = addPanel;
    this.removePanel = removePanel;
    shown.addListener((obs, was, now) -> place());
  }

  /** Shows {@code file}'s annotations, read from {@code source}, in place of any shown before. */
  void load(Path source, AnnotationFile file) {
    loaded.get().ifPresent(old -> viewer.overlays().remove(old.overlay()));
    Shown next = new Shown(source, new AnnotationOverlay(file.annotations(), viewer::requestRepaint));
    loaded.set(Optional.of(next));
    if (panel != null) {
      removePanel.accept(panel);
    }
    panel = addPanel.apply(new AnnotationsPanel(next));
    shown.set(true);
    place();
  }

  /** Whether the look for a file beside the slide has ended, found or not (a screenshot waits for it). */
  ReadOnlyBooleanProperty searchedProperty() {
    return searched.getReadOnlyProperty();
  }

  void markSearched() {
    searched.set(true);
  }

  /** The side-panel tab listing the loaded annotations' classes; empty before a file is loaded. */
  Optional<Tab> panel() {
    return Optional.ofNullable(panel);
  }

  /** The annotations loaded, if any. */
  ReadOnlyObjectProperty<Optional<Shown>> loadedProperty() {
    return loaded.getReadOnlyProperty();
  }

  /** Whether the loaded annotations are drawn (a toggle; true after each load). */
  BooleanProperty shownProperty() {
    return shown;
  }

  private void place() {
    loaded.get().ifPresent(s -> {
      boolean on = viewer.overlays().contains(s.overlay());
      if (shown.get() && !on) {
        viewer.overlays().add(s.overlay());
      } else if (!shown.get() && on) {
        viewer.overlays().remove(s.overlay());
      }
    });
  }
}
