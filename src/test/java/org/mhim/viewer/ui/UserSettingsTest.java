package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
