package org.mhim.viewer.mil;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns what the user typed after {@code --model} into a bundle folder: a path to a bundle, or the
 * word {@code demo} for the demo model shipped in {@code assets/demo-model}. The demo bundle is
 * looked for (in order) at the system property {@code mhim.demoModel}, under {@code mhim.home},
 * beside the application's jar ({@code ../assets/demo-model} of {@code target/mhimview.jar}) and in
 * the working folder's {@code assets/demo-model}.
 */
public final class ModelLocator {

  /** The word that names the demo bundle. */
  public static final String DEMO = "demo";

  private ModelLocator() {}

  /**
   * The bundle folder {@code spec} names.
   *
   * @throws IllegalArgumentException when it is not a bundle, or the demo bundle is not installed
   */
  public static Path resolve(String spec) {
    if (DEMO.equals(spec)) {
      List<Path> candidates = demoCandidates();
      for (Path candidate : candidates) {
        if (ModelBundle.isBundle(candidate)) {
          return candidate;
        }
      }
      throw new IllegalArgumentException(
          "the demo model is not installed (looked in " + candidates
              + "); build it with ./mhimview make-demo-model");
    }
    Path path = Path.of(spec);
    if (!Files.exists(path)) {
      throw new IllegalArgumentException(spec + ": no such model folder");
    }
    if (Files.isRegularFile(path)) {
      throw new IllegalArgumentException(spec + ": a file, not a model bundle folder (a reference checkpoint becomes"
          + " a bundle through the viewer's Analysis ▸ Model ▸ Import Reference Checkpoint…, and the bundle then"
          + " carries its encoder as docs/encoders.md says)");
    }
    if (!ModelBundle.isBundle(path)) {
      throw new IllegalArgumentException(spec + ": not a model bundle (no " + ModelBundle.MANIFEST + ")");
    }
    return path;
  }

  private static List<Path> demoCandidates() {
    List<Path> out = new ArrayList<>();
    String explicit = System.getProperty("mhim.demoModel");
    if (explicit != null && !explicit.isBlank()) {
      out.add(Path.of(explicit));
    }
    String home = System.getProperty("mhim.home");
    if (home != null && !home.isBlank()) {
      out.add(Path.of(home, "assets", "demo-model"));
    }
    try {
      var source = ModelLocator.class.getProtectionDomain().getCodeSource();
      if (source != null) {
        Path code = Path.of(source.getLocation().toURI()); // target/mhimview.jar or target/classes
        if (code.getParent() != null && code.getParent().getParent() != null) {
          out.add(code.getParent().getParent().resolve("assets").resolve("demo-model"));
        }
      }
    } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
      // An unusual class loader: the other places still count.
    }
    out.add(Path.of("assets", "demo-model").toAbsolutePath());
    return out.stream().map(Path::normalize).distinct().toList();
  }
}
