package org.mhim.viewer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mhim.viewer.slide.SlideImage;

/** info, region and demo-slide as a user runs them, through the real command line. */
class SlideCommandsTest {

  @TempDir static Path work;
  private static Path slide;

  @BeforeAll
  static void makeSlide() {
    slide = work.resolve("cli.tif");
    CliRun made = CliRun.of("demo-slide", slide.toString(), "--width", "1600", "--height", "1200",
        "--seed", "4", "--tumor-fraction", "0.25");
    assertEquals(0, made.exitCode(), made.err());
    assertTrue(made.out().contains("wrote " + slide), made.out());
    assertTrue(Files.isRegularFile(work.resolve("cli.annotations.geojson")));
  }

  @Test
  void infoJsonHasExactlyTheAgreedKeys() throws Exception {
    CliRun info = CliRun.of("info", slide.toString(), "--json");
    assertEquals(0, info.exitCode(), info.err());
    JsonNode json = new ObjectMapper().readTree(info.out());
    Set<String> keys = new TreeSet<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertEquals(new TreeSet<>(List.of("path", "vendor", "width", "height", "levels", "mpp_x",
        "mpp_y", "objective_power", "properties", "associated_images")), keys);
    assertEquals(slide.toAbsolutePath().toString(), json.get("path").asText());
    assertEquals("aperio", json.get("vendor").asText());
    assertEquals(1600, json.get("width").asLong());
    assertEquals(1200, json.get("height").asLong());
    assertEquals(0.5, json.get("mpp_x").asDouble());
    assertEquals(0.5, json.get("mpp_y").asDouble());
    assertEquals(20, json.get("objective_power").asDouble());
    assertEquals(4, json.get("levels").size());
    JsonNode level1 = json.get("levels").get(1);
    assertEquals(800, level1.get("width").asLong());
    assertEquals(600, level1.get("height").asLong());
    assertEquals(2.0, level1.get("downsample").asDouble(), 1e-9);
    assertEquals("aperio", json.at("/properties/openslide.vendor").asText());
    List<String> associated = new ArrayList<>();
    json.get("associated_images").forEach(n -> associated.add(n.asText()));
    assertEquals(List.of("label", "thumbnail"), associated.stream().sorted().toList());
  }

  @Test
  void infoTextSummarisesTheSlide() {
    CliRun info = CliRun.of("info", slide.toString());
    assertEquals(0, info.exitCode(), info.err());
    assertTrue(info.out().contains("vendor:           aperio"), info.out());
    assertTrue(info.out().contains("1600 × 1200"), info.out());
    assertTrue(info.out().contains("objective power:  20"), info.out());
  }

  @Test
  void regionWritesThePixelsAsPng() throws Exception {
    Path png = work.resolve("region.png");
    CliRun region = CliRun.of("region", slide.toString(), "--x", "600", "--y", "400", "--level", "1",
        "--width", "120", "--height", "90", "--out", png.toString());
    assertEquals(0, region.exitCode(), region.err());
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(120, image.getWidth());
    assertEquals(90, image.getHeight());
    try (SlideImage s = SlideImage.open(slide)) {
      int[] expected = s.readRegion(600, 400, 1, 120, 90).pixels();
      int[] actual = image.getRGB(0, 0, 120, 90, null, 0, 120);
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], actual[i], "opaque pixels are stored unchanged, pixel " + i);
      }
    }
  }

  @Test
  void userMistakesGiveOneLineAndExitCodeOne() throws Exception {
    Path text = Files.writeString(work.resolve("notes.txt"), "not a slide at all\n");
    String[][] mistakes = {
      {"info", work.resolve("missing.svs").toString()},
      {"info", work.toString()},
      {"info", text.toString()},
      {"region", slide.toString(), "--x", "0", "--y", "0", "--level", "9", "--width", "10",
        "--height", "10", "--out", work.resolve("x.png").toString()},
      {"region", slide.toString(), "--x", "0", "--y", "0", "--width", "0", "--height", "10",
        "--out", work.resolve("x.png").toString()},
      {"region", slide.toString(), "--x", "999999", "--y", "0", "--width", "10", "--height", "10",
        "--out", work.resolve("x.png").toString()},
      {"region", slide.toString(), "--x", "-500", "--y", "0", "--level", "1", "--width", "100", "--height", "10",
        "--out", work.resolve("x.png").toString()},
      {"demo-slide", work.resolve("bad.tif").toString(), "--tumor-fraction", "2"},
    };
    for (String[] args : mistakes) {
      CliRun run = CliRun.of(args);
      assertEquals(1, run.exitCode(), String.join(" ", args));
      assertTrue(run.err().startsWith("mhimview: "), run.err());
      assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
      assertFalse(run.err().contains("Exception"), run.err());
    }
    assertTrue(CliRun.of("info", text.toString()).err().contains(text.toString()));
    assertFalse(Files.exists(work.resolve("x.png")), "no PNG of a region off the slide");
    assertTrue(CliRun.of("region", slide.toString(), "--x", "-500", "--y", "0", "--level", "1", "--width", "300",
        "--height", "10", "--out", work.resolve("edge.png").toString()).exitCode() == 0, "a region that overlaps the edge is fine");
  }
}
