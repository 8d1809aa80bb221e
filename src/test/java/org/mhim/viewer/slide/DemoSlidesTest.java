package org.mhim.viewer.slide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoSlidesTest {

  @Test
  void defaultPathFollowsXdgDataHome() {
    assertEquals(Path.of("/data/mhimview/demo/demo-slide.tif"),
        DemoSlides.defaultPath("/data", "/home/ada"));
    assertEquals(Path.of("/home/ada/.local/share/mhimview/demo/demo-slide.tif"),
        DemoSlides.defaultPath(null, "/home/ada"));
    assertEquals(Path.of("/home/ada/.local/share/mhimview/demo/demo-slide.tif"),
        DemoSlides.defaultPath("relative/ignored", "/home/ada"), "the XDG spec ignores relative paths");
  }

  @Test
  void generatesOnFirstUseAndReusesAfter(@TempDir Path home) throws Exception {
    Path slide = DemoSlides.defaultPath(home.toString(), "/unused");
    DemoSlideSpec spec = new DemoSlideSpec(900, 700, 1, 0.3);
    assertEquals(slide, DemoSlides.ensure(slide, spec));
    assertTrue(Files.isRegularFile(slide));
    assertTrue(Files.isRegularFile(DemoSlideWriter.annotationsPath(slide)));
    FileTime made = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(slide, made);
    DemoSlides.ensure(slide, spec);
    assertEquals(made, Files.getLastModifiedTime(slide), "reused, not rewritten");
    try (SlideImage image = SlideImage.open(slide)) {
      assertEquals(900, image.metadata().width());
    }
    // Losing the annotations makes the pair incomplete: both are written again.
    Files.delete(DemoSlideWriter.annotationsPath(slide));
    DemoSlides.ensure(slide, spec);
    assertTrue(Files.isRegularFile(DemoSlideWriter.annotationsPath(slide)));
  }
}
