package org.mhim.viewer.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What the viewer remembers between runs (recent slides, theme, where its window was), as an
 * immutable value read from and written to {@code settings.properties} in the user's config folder.
 * Writing is atomic.
 *
 * @param recentFiles most recent first, at most {@value #MAX_RECENT}
 * @param theme the chosen look
 * @param window where the window was when it last closed; empty before the first close
 */
record UserSettings(List<Path> recentFiles, Theme theme, Optional<WindowPlacement> window) {

  public static final int MAX_RECENT = 10;
  private static final String FILE = "settings.properties";

  public UserSettings {
    recentFiles = List.copyOf(recentFiles.subList(0, Math.min(MAX_RECENT, recentFiles.size())));
  }

  public static UserSettings defaults() {
    return new UserSettings(List.of(), Theme.LIGHT, Optional.empty());
  }

  /**
   * The config folder: {@code -Dmhim.config=…} when given (tests), else {@code
   * $XDG_CONFIG_HOME/mhimview}, else {@code ~/.config/mhimview}.
   */
  public static Path defaultFolder() {
    String override = System.getProperty("mhim.config");
    if (override != null && !override.isBlank()) {
      return Path.of(override);
    }
    String xdg = System.getenv("XDG_CONFIG_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
    return base.resolve("mhimview");
  }

  /** Reads the settings in {@code folder}; defaults when there are none or they are unreadable. */
  public static UserSettings load(Path folder) {
    Optional<Properties> read = PropertiesFiles.read(folder.resolve(FILE));
    if (read.isEmpty()) {
      return defaults();
    }
    Properties p = read.get();
    List<Path> recent = new ArrayList<>();
    for (int i = 0; i < MAX_RECENT; i++) {
      String value = p.getProperty("recent." + i);
      if (value != null && !value.isBlank()) {
        recent.add(Path.of(value));
      }
    }
    Theme theme = "DARK".equalsIgnoreCase(p.getProperty("theme")) ? Theme.DARK : Theme.LIGHT;
    return new UserSettings(recent, theme, WindowPlacement.from(p));
  }

  /** Writes these settings into {@code folder}, atomically. */
  public void save(Path folder) {
    Properties p = new Properties();
    p.setProperty("theme", theme.name());
    for (int i = 0; i < recentFiles.size(); i++) {
      p.setProperty("recent." + i, recentFiles.get(i).toString());
    }
    window.ifPresent(placement -> placement.putInto(p));
    PropertiesFiles.write(p, folder.resolve(FILE), "MHIM Viewer settings", "settings");
  }

  /** These settings with {@code slide} first among the recent files. */
  public UserSettings withRecent(Path slide) {
    Path absolute = slide.toAbsolutePath().normalize();
    List<Path> recent = new ArrayList<>();
    recent.add(absolute);
    recentFiles.stream().filter(p -> !p.equals(absolute)).forEach(recent::add);
    return new UserSettings(recent, theme, window);
  }

  /** These settings without {@code slide} among the recent files. */
  public UserSettings withoutRecent(Path slide) {
    Path absolute = slide.toAbsolutePath().normalize();
    return new UserSettings(recentFiles.stream().filter(p -> !p.equals(absolute)).toList(), theme, window);
  }

  public UserSettings withTheme(Theme newTheme) {
    return new UserSettings(recentFiles, newTheme, window);
  }

  UserSettings withWindow(WindowPlacement placement) {
    return new UserSettings(recentFiles, theme, Optional.of(placement));
  }
}
