package org.mhim.viewer.tissue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mhim.viewer.slide.DemoSlideSpec;
import org.mhim.viewer.slide.DemoSlideWriter;
import org.mhim.viewer.slide.SlideException;
import org.mhim.viewer.slide.SlideImage;

/**
 * Tissue detection and the patch grid on real slide files read through OpenSlide: two demo slides
 * (whose annotation files hold the true tissue), copies of one re-saved by vips without a pixel
 * size, and a blank slide.
 */
class DemoSlideTissueTest {

  @TempDir static Path dir;

  private static final long[] SEEDS = {11, 12};
  private static final List<Path> demos = new ArrayList<>();
  private static Path withoutMpp;
  private static Path blank;

  @BeforeAll
  static void makeSlides() throws IOException, InterruptedException {
    for (long seed : SEEDS) {
      demos.add(DemoSlideWriter.write(dir.resolve("demo-" + seed + ".tif"), new DemoSlideSpec(4000, 3000, seed, 0.3)).slide());
    }
    // vips writes a generic tiled pyramid TIFF whose pixel size OpenSlide does not report.
    withoutMpp = dir.resolve("no-mpp.tif");
    vips("tiffsave", demos.getFirst().toString(), withoutMpp.toString(), "--tile", "--pyramid",
        "--compression", "jpeg", "--tile-width", "256", "--tile-height", "256");
    // Glass only: near-white noise.
    Path noise = dir.resolve("noise.v");
    vips("gaussnoise", noise.toString(), "3000", "2000", "--mean", "243", "--sigma", "3");
    Path glass = dir.resolve("glass.v");
    vips("cast", noise.toString(), glass.toString(), "uchar");
    Path rgb = dir.resolve("glass3.v");
    vips("bandjoin", glass + " " + glass + " " + glass, rgb.toString());
    blank = dir.resolve("blank.tif");
    vips("tiffsave", rgb.toString(), blank.toString(), "--tile", "--pyramid", "--compression", "jpeg",
        "--tile-width", "256", "--tile-height", "256");
  }

  private static void vips(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("vips"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IOException("vips " + String.join(" ", args) + " failed: " + output);
    }
  }

  private static List<Polygon> truth(Path slide) throws IOException {
    return AnnotationFile.read(DemoSlideWriter.annotationsPath(slide)).tissue();
  }

  /** IoU of the detected mask, and of its polygons, with the true tissue on the mask's grid. */
  private static double[] iou(TissueMask detected, List<Polygon> truth) {
    BinaryMask mask = detected.mask();
    BinaryMask expected = PolygonRasterizer.rasterize(truth, mask.width(), mask.height(), detected.downsample(), 0, 0);
    BinaryMask outlines =
        PolygonRasterizer.rasterize(detected.polygons(), mask.width(), mask.height(), detected.downsample(), 0, 0);
    return new double[] {mask.iou(expected), outlines.iou(expected)};
  }

  @Test
  void detectedTissueMatchesTheTruth() throws IOException {
    for (Path demo : demos) {
      try (SlideImage slide = SlideImage.open(demo)) {
        TissueMask detected = new TissueDetector().detect(slide);
        List<Polygon> truth = truth(demo);
        double[] iou = iou(detected, truth);
        assertTrue(iou[0] >= 0.9, demo.getFileName() + ": mask IoU " + iou[0]);
        assertTrue(iou[1] >= 0.9, demo.getFileName() + ": polygon IoU " + iou[1]);
        assertEquals(truth.size(), detected.polygons().size(), demo.getFileName() + ": one polygon per island");
      }
    }
  }

  @Test
  void patchesLieOnTissue() throws IOException {
    Path demo = demos.getFirst();
    try (SlideImage slide = SlideImage.open(demo)) {
      TissueMask detected = new TissueDetector().detect(slide);
      PatchGrid grid = PatchGrid.build(slide.metadata(), detected, PatchGridSettings.defaults());
      assertEquals(256, grid.level0PatchSize(), "MPP 0.5 is 20× already");
      assertEquals(0, grid.readLevel());
      List<Polygon> truth = truth(demo);
      PatchGrid ideal = PatchGrid.build(
          slide.metadata(), TissueMask.fromPolygons(truth, 4000, 3000, 4), PatchGridSettings.defaults());
      assertTrue(ideal.count() > 40, "the demo slide has tissue for " + ideal.count() + " patches");
      assertEquals(ideal.count(), grid.count(), ideal.count() * 0.1, "patch count near the truth's");
      int centred = 0;
      for (int i = 0; i < grid.count(); i++) {
        if (PointInPolygon.inAny(truth, grid.x(i) + 128, grid.y(i) + 128)) {
          centred++;
        }
      }
      assertTrue(centred >= 0.95 * grid.count(), centred + " of " + grid.count() + " patch centres on tissue");
    }
  }

  @Test
  void slideWithoutPixelSizeStillFindsTissueButNeedsADownsampleForPatches() throws IOException {
    try (SlideImage slide = SlideImage.open(withoutMpp)) {
      Assumptions.assumeTrue(slide.metadata().mppX().isEmpty() && slide.metadata().objectivePower().isEmpty(),
          "this OpenSlide reports a pixel size for vips TIFFs");
      TissueMask detected = new TissueDetector().detect(slide);
      double[] iou = iou(detected, truth(demos.getFirst()));
      assertTrue(iou[0] >= 0.9, "mask IoU " + iou[0]);
      SlideException error = assertThrows(SlideException.class,
          () -> PatchGrid.build(slide.metadata(), detected, PatchGridSettings.defaults()));
      assertTrue(error.getMessage().contains("no-mpp.tif"), error.getMessage());
      PatchGrid grid = PatchGrid.build(slide.metadata(), detected, PatchGridSettings.defaults().withDownsampleOverride(1));
      assertEquals(256, grid.level0PatchSize());
      assertTrue(grid.count() > 40);
    }
  }

  @Test
  void blankSlideHasNoTissue() {
    try (SlideImage slide = SlideImage.open(blank)) {
      TissueMask detected = new TissueDetector().detect(slide);
      assertTrue(detected.isEmpty());
      assertEquals(List.of(), detected.polygons());
      PatchGrid grid = PatchGrid.build(slide.metadata(), detected, PatchGridSettings.defaults().withDownsampleOverride(1));
      assertEquals(0, grid.count());
    }
  }
}
