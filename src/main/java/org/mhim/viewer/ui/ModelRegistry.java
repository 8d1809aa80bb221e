package org.mhim.viewer.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.mhim.viewer.mil.ModelLocator;

/**
 * The models the Analyze action can use: the bundled demo model, always, and the bundle folders
 * the user registered; and which one was chosen last. Kept in {@code models.properties} beside
 * the viewer's settings, written atomically.
 *
 * @param bundles registered bundle folders, absolute, in the order registered
 * @param selected {@link ModelLocator#DEMO} or one of {@code bundles}
 */
record ModelRegistry(List<Path> bundles, String selected) {

  private static final String FILE = "models.properties";

  ModelRegistry {
    bundles = List.copyOf(bundles);
    if (selected == null || !(selected.equals(ModelLocator.DEMO) || bundles.contains(Path.of(selected)))) {
      selected = ModelLocator.DEMO;
    }
  }

  static ModelRegistry defaults() {
    return new ModelRegistry(List.of(), ModelLocator.DEMO);
  }

  /** The choices in menu order: the demo model first, then the bundles. */
  List<String> choices() {
    List<String> out = new ArrayList<>();
    out.add(ModelLocator.DEMO);
    bundles.forEach(b -> out.add(b.toString()));
    return out;
  }

  /** What the user reads for a choice. */
  static String label(String choice) {
    return ModelLocator.DEMO.equals(choice) ? "Demo model (synthetic slides, not for diagnosis)"
        : Path.of(choice).getFileName() + "  —  " + Path.of(choice).getParent();
  }

  /** These settings with {@code bundle} registered and chosen. */
  ModelRegistry withBundle(Path bundle) {
    Path absolute = bundle.toAbsolutePath().normalize();
    List<Path> next = new ArrayList<>(bundles);
    if (!next.contains(absolute)) {
      next.add(absolute);
    }
    return new ModelRegistry(next, absolute.toString());
  }

  /**
   * The remembered list with what was registered and chosen since (this), for a file that is read
   * after the user already imported or picked a model: nothing saved is lost, the newer choice wins.
   */
  ModelRegistry mergedInto(ModelRegistry remembered) {
    List<Path> next = new ArrayList<>(remembered.bundles);
    bundles.stream().filter(b -> !next.contains(b)).forEach(next::add);
    return new ModelRegistry(next, selected);
  }

  ModelRegistry withSelected(String choice) {
    return new ModelRegistry(bundles, choice);
  }

  /** Reads {@code folder}'s registry; the defaults when there is none or it is unreadable. */
  static ModelRegistry load(Path folder) {
    Optional<Properties> read = PropertiesFiles.read(folder.resolve(FILE));
    if (read.isEmpty()) {
      return defaults();
    }
    Properties p = read.get();
    List<Path> bundles = new ArrayList<>();
    for (int i = 0; p.getProperty("bundle." + i) != null; i++) {
      bundles.add(Path.of(p.getProperty("bundle." + i)));
    }
    return new ModelRegistry(bundles, p.getProperty("selected"));
  }

  void save(Path folder) {
    Properties p = new Properties();
    p.setProperty("selected", selected);
    for (int i = 0; i < bundles.size(); i++) {
      p.setProperty("bundle." + i, bundles.get(i).toString());
    }
    PropertiesFiles.write(p, folder.resolve(FILE), "MHIM Viewer models", "the model list");
  }
}
