package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserSettingsTest {

  @TempDir Path dir;

  @Test
  void recentFilesAndThemeSurviveARestart() {
    UserSettings s = UserSettings.defaults()
        .withRecent(Path.of("/slides/a.svs"))
        .withRecent(Path.of("/slides/b.svs"))
        .withRecent(Path.of("/slides/a.svs"))
        .withTheme(Theme.DARK);
    s.save(dir);
    UserSettings loaded = UserSettings.load(dir);
    assertEquals(List.of(Path.of("/slides/a.svs"), Path.of("/slides/b.svs")), loaded.recentFiles());
    assertEquals(Theme.DARK, loaded.theme());
    assertEquals(Optional.empty(), loaded.window());

    WindowPlacement placement = new WindowPlacement(40, 30, 1500, 950, false);
    s.withWindow(placement).save(dir);
    assertEquals(s.withWindow(placement), UserSettings.load(dir));
    assertEquals(Optional.of(placement), UserSettings.load(dir).withRecent(Path.of("/slides/c.svs")).window(),
        "a new recent slide keeps the window's place");
  }

  @Test
  void keepsOnlyTheMostRecent() {
    UserSettings s = UserSettings.defaults();
    for (int i = 0; i < 15; i++) {
      s = s.withRecent(Path.of("/slides/" + i + ".svs"));
    }
    assertEquals(UserSettings.MAX_RECENT, s.recentFiles().size());
    assertEquals(Path.of("/slides/14.svs"), s.recentFiles().getFirst());
  }

  @Test
  void aMissingOrDamagedFileGivesDefaults() throws Exception {
    assertEquals(UserSettings.defaults(), UserSettings.load(dir.resolve("nowhere")));
    Files.writeString(dir.resolve("settings.properties"), "recent.0=\\u00zz broken escape");
    assertEquals(UserSettings.defaults(), UserSettings.load(dir));
  }
}
