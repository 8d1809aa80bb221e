package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Result folders: one per model and slide folder, so same-named slides never share files. */
class AnalysisFoldersTest {

  @TempDir Path dir;

  @Test
  void sameNamedSlidesInDifferentFoldersGetTheirOwnResultsAndOneSlideAlwaysTheSame() {
    AnalysisFolders folders = AnalysisFolders.under(dir.resolve("data"));
    Path a = dir.resolve("cases/a/slide.svs");
    Path b = dir.resolve("cases/b/slide.svs");
    Path first = folders.resultsFor("demo", a);
    assertNotEquals(first, folders.resultsFor("demo", b));
    assertEquals(first, folders.resultsFor("demo", dir.resolve("cases/a/../a/slide.svs")));
    assertNotEquals(first, folders.resultsFor("other-model", a));
    assertTrue(first.startsWith(folders.results().resolve("demo")), first.toString());
    assertTrue(first.getFileName().toString().startsWith("a-"), "named after the slide's folder: " + first);
  }
}
