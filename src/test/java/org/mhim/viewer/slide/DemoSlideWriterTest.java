package org.mhim.viewer.slide;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The synthetic slide: a real Aperio-style pyramid, and ground truth that matches its pixels. */
class DemoSlideWriterTest {

  @TempDir Path work;

  @Test
  void openSlideSeesAnAperioSlideWithAllLevelsMppAndObjective() throws Exception {
    Path slide = work.resolve("demo.tif");
    DemoSlideWriter.Result result =
        DemoSlideWriter.write(slide, new DemoSlideSpec(3000, 2000, 5, 0.3));
    assertEquals(work.resolve("demo.annotations.geojson"), result.annotations());
    String properties = TestSlides.run("openslide-show-properties", slide.toString());
    assertTrue(properties.contains("openslide.vendor: 'aperio'"), properties);
    assertTrue(properties.contains("openslide.level-count: '5'"), properties);
    assertTrue(properties.contains("openslide.mpp-x: '0.5'"), properties);
    assertTrue(properties.contains("openslide.objective-power: '20'"), properties);
    try (SlideImage image = SlideImage.open(slide)) {
      SlideMetadata m = image.metadata();
      assertEquals(5, m.levelCount());
      assertEquals(188, m.level(4).width());
      assertEquals(125, m.level(4).height());
      assertEquals(0.5, m.mppX().orElseThrow());
      assertEquals(0.5, m.mppY().orElseThrow());
      assertEquals(20, m.objectivePower().orElseThrow());
    }
  }

  @Test
  void annotationsAreQuPathGeoJsonWithTissueAndTumorPolygons() throws Exception {
    Path slide = work.resolve("demo.tif");
    DemoSlideWriter.Result result =
        DemoSlideWriter.write(slide, new DemoSlideSpec(3000, 2000, 5, 0.3));
    JsonNode root = new ObjectMapper().readTree(result.annotations().toFile());
    assertEquals("FeatureCollection", root.get("type").asText());
    List<String> classes = new ArrayList<>();
    for (JsonNode feature : root.get("features")) {
      assertEquals("Feature", feature.get("type").asText());
      assertEquals("Polygon", feature.at("/geometry/type").asText());
      assertEquals("annotation", feature.at("/properties/objectType").asText());
      assertEquals(3, feature.at("/properties/classification/color").size());
      JsonNode ring = feature.at("/geometry/coordinates/0");
      assertTrue(ring.size() > 100);
      assertEquals(ring.get(0), ring.get(ring.size() - 1), "rings are closed");
      for (JsonNode point : ring) {
        assertTrue(point.get(0).asDouble() >= 0 && point.get(0).asDouble() <= 3000);
        assertTrue(point.get(1).asDouble() >= 0 && point.get(1).asDouble() <= 2000);
      }
      classes.add(feature.at("/properties/classification/name").asText());
    }
    assertEquals(result.layout().tissue().size(), classes.stream().filter("Tissue"::equals).count());
    assertEquals(result.layout().tumour().size(), classes.stream().filter("Tumor"::equals).count());
    assertTrue(classes.contains("Tissue") && classes.contains("Tumor"), classes.toString());
    double share = result.layout().tumourArea() / result.layout().tissueArea();
    assertEquals(0.3, share, 0.005);
  }

  @Test
  void tumorFractionZeroGivesNoTumor() throws Exception {
    DemoSlideWriter.Result result =
        DemoSlideWriter.write(work.resolve("clean.tif"), new DemoSlideSpec(1500, 1000, 5, 0));
    assertTrue(result.layout().tumour().isEmpty());
    JsonNode root = new ObjectMapper().readTree(result.annotations().toFile());
    assertTrue(root.get("features").size() >= 2);
    for (JsonNode feature : root.get("features")) {
      assertEquals("Tissue", feature.at("/properties/classification/name").asText());
    }
  }

  @Test
  void pixelsFollowTheGroundTruth() throws Exception {
    Path slide = work.resolve("truth.tif");
    DemoSlideWriter.Result result =
        DemoSlideWriter.write(slide, new DemoSlideSpec(3000, 2200, 11, 0.4));
    DemoTissueLayout layout = result.layout();
    double[] glass = new double[2];
    double[] stroma = new double[2];
    double[] tumour = new double[2];
    SplittableRandom random = new SplittableRandom(1);
    try (SlideImage image = SlideImage.open(slide)) {
      for (int i = 0; i < 3000; i++) {
        int x = random.nextInt(3000 - 8);
        int y = random.nextInt(2200 - 8);
        // An 8×8 block wholly inside one class: mean brightness of its pixels.
        double[] bucket = classOf(layout, x, y, 8);
        if (bucket == null) {
          continue;
        }
        double[] target = bucket == GLASS ? glass : bucket == STROMA ? stroma : tumour;
        target[0] += brightness(image.readRgb(x, y, 0, 8, 8));
        target[1]++;
      }
    }
    assertTrue(glass[1] > 50 && stroma[1] > 50 && tumour[1] > 50);
    double g = glass[0] / glass[1];
    double s = stroma[0] / stroma[1];
    double t = tumour[0] / tumour[1];
    assertTrue(g > 235, "glass is near white: " + g);
    assertTrue(s < g - 20, "stroma is darker than glass: " + s + " vs " + g);
    assertTrue(t < s - 30, "tumour, crowded with dark nuclei, is darker than stroma: " + t + " vs " + s);
  }

  private static final double[] GLASS = new double[0];
  private static final double[] STROMA = new double[0];
  private static final double[] TUMOUR = new double[0];

  private static double[] classOf(DemoTissueLayout layout, int x, int y, int size) {
    double[] first = null;
    for (int[] corner : new int[][] {{0, 0}, {size, 0}, {0, size}, {size, size}}) {
      double px = x + corner[0];
      double py = y + corner[1];
      boolean inTissue = layout.tissue().stream().anyMatch(p -> p.contains(px, py));
      boolean inTumour = layout.tumour().stream().anyMatch(p -> p.contains(px, py));
      // Keep nuclei that straddle the tissue edge out of the glass samples.
      boolean nearTissue = layout.tissue().stream()
          .anyMatch(p -> p.contains(px - 16, py) || p.contains(px + 16, py)
              || p.contains(px, py - 16) || p.contains(px, py + 16));
      double[] bucket = inTumour ? TUMOUR : inTissue ? STROMA : nearTissue ? null : GLASS;
      if (bucket == null || (first != null && first != bucket)) {
        return null;
      }
      first = bucket;
    }
    return first;
  }

  private static double brightness(byte[] rgb) {
    double sum = 0;
    for (byte b : rgb) {
      sum += b & 0xFF;
    }
    return sum / rgb.length;
  }

  @Test
  void theSameSeedGivesTheSameFileAndAnotherSeedAnotherSlide() throws Exception {
    DemoSlideSpec spec = new DemoSlideSpec(1200, 900, 77, 0.25);
    DemoSlideWriter.write(work.resolve("a.tif"), spec);
    DemoSlideWriter.write(work.resolve("b.tif"), spec);
    DemoSlideWriter.write(work.resolve("c.tif"), new DemoSlideSpec(1200, 900, 78, 0.25));
    assertArrayEquals(Files.readAllBytes(work.resolve("a.tif")), Files.readAllBytes(work.resolve("b.tif")));
    assertArrayEquals(Files.readAllBytes(work.resolve("a.annotations.geojson")),
        Files.readAllBytes(work.resolve("b.annotations.geojson")));
    assertFalse(Arrays.equals(Files.readAllBytes(work.resolve("a.annotations.geojson")),
        Files.readAllBytes(work.resolve("c.annotations.geojson"))));
  }

  @Test
  void bigTiffHoldsTheSamePixelsAsClassicTiff() throws Exception {
    DemoSlideSpec spec = new DemoSlideSpec(1800, 1300, 3, 0.3);
    DemoSlideWriter.write(work.resolve("classic.tif"), spec, false);
    DemoSlideWriter.write(work.resolve("big.tif"), spec, true);
    byte[] header = Arrays.copyOf(Files.readAllBytes(work.resolve("big.tif")), 4);
    assertArrayEquals(new byte[] {'I', 'I', 43, 0}, header, "a BigTIFF header");
    try (SlideImage classic = SlideImage.open(work.resolve("classic.tif"));
        SlideImage big = SlideImage.open(work.resolve("big.tif"))) {
      assertEquals(classic.metadata().levels(), big.metadata().levels());
      for (int level = 0; level < classic.metadata().levelCount(); level++) {
        SlideLevel size = classic.metadata().level(level);
        assertArrayEquals(
            classic.readRegion(0, 0, level, (int) size.width(), (int) size.height()).pixels(),
            big.readRegion(0, 0, level, (int) size.width(), (int) size.height()).pixels(),
            "level " + level);
      }
    }
  }

  @Test
  void rejectsImpossibleSpecs() {
    IllegalArgumentException small =
        assertThrows(IllegalArgumentException.class, () -> new DemoSlideSpec(10, 900, 1, 0.3));
    assertTrue(small.getMessage().contains("10×900"), small.getMessage());
    IllegalArgumentException fraction =
        assertThrows(IllegalArgumentException.class, () -> new DemoSlideSpec(900, 900, 1, 1.5));
    assertTrue(fraction.getMessage().contains("1.5"), fraction.getMessage());
  }
}
