package org.mhim.viewer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mhim.viewer.slide.DemoSlideSpec;
import org.mhim.viewer.slide.DemoSlideWriter;
import org.mhim.viewer.tissue.AnnotationFile;

class TissueCommandTest {

  @TempDir Path dir;

  @Test
  void writesTissueAnnotationsAndAPreview() throws IOException {
    DemoSlideWriter.Result demo =
        DemoSlideWriter.write(dir.resolve("small.tif"), new DemoSlideSpec(2400, 1800, 5, 0.2));
    Path geojson = dir.resolve("out/tissue.geojson");
    Path png = dir.resolve("out/mask.png");
    CliRun run = CliRun.of("tissue", demo.slide().toString(), "--out", geojson.toString(), "--png", png.toString(),
        "--channel", "saturation"); // enum values in any case
    assertEquals(0, run.exitCode(), run.err());
    AnnotationFile tissue = AnnotationFile.read(geojson);
    assertEquals(demo.layout().tissue().size(), tissue.tissue().size());
    assertTrue(run.out().contains(demo.layout().tissue().size() + " tissue pieces"), run.out());
    BufferedImage preview = ImageIO.read(png.toFile());
    // 2400 / 1024 → downsample 2.3: level 1 (2×) read as is.
    assertEquals(1200, preview.getWidth());
    assertEquals(900, preview.getHeight());
  }

  @Test
  void notASlideIsOneLineAndExitOne() throws IOException {
    Path text = dir.resolve("notes.tif");
    Files.writeString(text, "not a slide at all");
    Path geojson = dir.resolve("tissue.geojson");
    CliRun run = CliRun.of("tissue", text.toString(), "--out", geojson.toString());
    assertEquals(1, run.exitCode());
    assertTrue(run.err().startsWith("mhimview: ") && run.err().contains("notes.tif"), run.err());
    assertFalse(run.err().contains("\tat "), "no stack trace");
    assertFalse(Files.exists(geojson));
  }

  @Test
  void badSettingIsOneLine() {
    CliRun run = CliRun.of("tissue", "whatever.svs", "--out", "x.geojson", "--downsample", "0.5");
    assertEquals(1, run.exitCode());
    assertTrue(run.err().startsWith("mhimview: ") && run.err().contains("downsample"), run.err());
  }
}
