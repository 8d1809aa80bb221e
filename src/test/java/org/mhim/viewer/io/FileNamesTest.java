package org.mhim.viewer.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FileNamesTest {

  @Test
  void theStemDropsTheLastExtensionOnly() {
    assertEquals("slide", FileNames.stem(Path.of("a", "slide.svs")));
    assertEquals("case.ome", FileNames.stem(Path.of("case.ome.tif")));
    assertEquals("README", FileNames.stem(Path.of("README")));
    assertEquals(".hidden", FileNames.stem(Path.of(".hidden")));
  }
}
