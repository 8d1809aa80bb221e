package org.mhim.viewer.ui;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import org.mhim.viewer.tissue.Annotation;
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
      Map<String, Integer> counts = new LinkedHashMap<>();
      for (Annotation a : overlay.annotations()) {
        counts.merge(a.classification().isBlank() ? "unclassified" : a.classification(), 1, Integer::sum);
      }
      return counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
    }
  }

  private final ViewerCanvas viewer;
  private final ReadOnlyObjectWrapper<Optional<Shown>> loaded = new ReadOnlyObjectWrapper<>(this, "loaded", Optional.empty());
  private final BooleanProperty shown = new SimpleBooleanProperty(this, "shown", true);
  private final ReadOnlyBooleanWrapper searched = new ReadOnlyBooleanWrapper(this, "searched");

  AnnotationLayer(ViewerCanvas viewer) {
    this.viewer = viewer;
    shown.addListener((obs, was, now) -> place());
  }

  /** Shows {@code file}'s annotations, read from {@code source}, in place of any shown before. */
  void load(Path source, AnnotationFile file) {
    loaded.get().ifPresent(old -> viewer.overlays().remove(old.overlay()));
    loaded.set(Optional.of(new Shown(source, new AnnotationOverlay(file.annotations()))));
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
