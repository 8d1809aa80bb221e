package org.mhim.viewer.slide;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The default demo slide in the user's data folder ({@code $XDG_DATA_HOME/mhimview/demo/}, else
 * {@code ~/.local/share/mhimview/demo/}): made on first use, reused after.
 */
public final class DemoSlides {

  public static final String FILE_NAME = "demo-slide.tif";

  private static final Object GENERATING = new Object();

  private DemoSlides() {}

  /** Where the default demo slide lives (it may not exist yet). */
  public static Path defaultPath() {
    return defaultPath(System.getenv("XDG_DATA_HOME"), System.getProperty("user.home"));
  }

  /** As {@link #defaultPath()}, for the given environment. */
  public static Path defaultPath(String xdgDataHome, String userHome) {
    // The XDG spec says to ignore a relative XDG_DATA_HOME.
    Path data =
        xdgDataHome != null && !xdgDataHome.isBlank() && Path.of(xdgDataHome).isAbsolute()
            ? Path.of(xdgDataHome)
            : Path.of(userHome, ".local", "share");
    return data.resolve("mhimview").resolve("demo").resolve(FILE_NAME);
  }

  /** The default demo slide, generated with {@link DemoSlideSpec#defaults()} if missing. */
  public static Path ensureDefault() throws IOException {
    return ensure(defaultPath(), DemoSlideSpec.defaults());
  }

  /**
   * {@code slide}, generated from {@code spec} when it or its annotations are missing. Several
   * callers at once in one process generate it once; across processes the atomic writes keep
   * every reader seeing a whole file.
   */
  public static Path ensure(Path slide, DemoSlideSpec spec) throws IOException {
    synchronized (GENERATING) {
      if (!Files.isRegularFile(slide)
          || !Files.isRegularFile(DemoSlideWriter.annotationsPath(slide))) {
        DemoSlideWriter.write(slide, spec);
      }
      return slide;
    }
  }
}
