package org.mhim.viewer.slide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files of a folder a batch takes for slides. */
class SlideFileTypesTest {

  @TempDir Path dir;

  @Test
  void aFolderGivesItsSlideFilesByNameAndNothingElse() throws IOException {
    for (String name : List.of("b.svs", "a.TIF", "c.ndpi", "notes.txt", ".hidden.svs", "svs", "labels.csv")) {
      Files.writeString(dir.resolve(name), "x");
    }
    Files.createDirectories(dir.resolve("inner.svs")); // a folder, whatever its name
    Files.writeString(Files.createDirectories(dir.resolve("sub")).resolve("d.svs"), "x");
    assertEquals(List.of(dir.resolve("a.TIF"), dir.resolve("b.svs"), dir.resolve("c.ndpi")), SlideFileTypes.inFolder(dir));
  }

  @Test
  void namesAndPatterns() {
    assertTrue(SlideFileTypes.hasSlideName(Path.of("/x/slide.MRXS")));
    assertFalse(SlideFileTypes.hasSlideName(Path.of("/x/slide.svs.txt")));
    assertFalse(SlideFileTypes.hasSlideName(Path.of("/")));
    assertEquals(SlideFileTypes.EXTENSIONS.size(), SlideFileTypes.patterns().size());
    assertEquals("*.svs", SlideFileTypes.patterns().getFirst());
  }

  @Test
  void aMissingFolderIsNamed() {
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> SlideFileTypes.inFolder(dir.resolve("gone")));
    assertEquals(dir.resolve("gone").toString(), e.getFile());
  }
}
