package org.mhim.viewer.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mhim.viewer.slide.DemoSlideWriter;
import org.mhim.viewer.slide.SlideException;
import org.mhim.viewer.slide.SlideImage;

/** The heatmap figure, drawn from a real demo slide read through OpenSlide. */
class HeatmapPngTest {

  @TempDir static Path dir;
  private static DemoSlideWriter.Result demo;
  private static SlideImage slide;
  private static SlideResult result;

  @BeforeAll
  static void writeSlide() throws IOException {
    demo = AnalysisFixtures.demoSlide(dir.resolve("slide"), 2048, 1536);
    slide = SlideImage.open(demo.slide());
    result = AnalysisFixtures.result(slide, demo.annotations(), 128, true);
  }

  @AfterAll
  static void closeSlide() {
    slide.close();
  }

  @Test
  void writesAFigureHoldingTheWholeOverviewAndTheHeatmapColours() throws IOException {
    Path png = dir.resolve("out/demo.heatmap.png");
    ColorScale scale = ColorScale.defaults();
    HeatmapFigure.Figure figure = HeatmapPng.write(result, slide, png, AnalysisFixtures.TUMOR, scale, 1024);
    BufferedImage image = ImageIO.read(png.toFile());
    assertNotNull(image, "a readable PNG");
    assertEquals(figure.image().getWidth(), image.getWidth());
    assertEquals(figure.image().getHeight(), image.getHeight());
    // The overview is 1024 × 768 (2048 × 1536 scaled to a 1024 long side), inside the figure.
    assertEquals(1024, figure.thumbnail().width());
    assertEquals(768, figure.thumbnail().height());
    assertTrue(image.getWidth() > 1024 + figure.imageX() && image.getHeight() > 768 + figure.imageY());

    int hot = hottest(result, AnalysisFixtures.TUMOR);
    int cold = coldest(result, AnalysisFixtures.TUMOR);
    assertTrue(result.instances().probability(hot, 1) > 0.75 && result.instances().probability(cold, 1) < 0.25);
    int hotPixel = centre(image, figure, hot);
    int coldPixel = centre(image, figure, cold);
    // Each is the overview pixel blended with the colour-map colour of its probability.
    assertClose(expected(figure, hot, scale), hotPixel);
    assertClose(expected(figure, cold, scale), coldPixel);
    // And the colour map, not the tissue underneath, makes the difference: over the same tissue
    // the cold patch's colour would look clearly different.
    float coldP = result.instances().probability(cold, AnalysisFixtures.TUMOR);
    assertTrue(distance(hotPixel, expected(figure, hot, scale, coldP)) > 40,
        "the hot patch is not drawn in the cold colour");
  }

  @Test
  void theDemoModelCarriesTheDisclaimerAndARealModelDoesNot() throws IOException {
    HeatmapFigure.Figure demoFigure =
        HeatmapFigure.render(result, SlideThumbnail.read(slide, 600), OptionalDouble.of(0.5), 1, ColorScale.defaults());
    SlideResult real = AnalysisFixtures.build(
        demo.slide(), List.of(new int[] {0, 0}), 256, List.of(0.9f), false);
    HeatmapFigure.Figure realFigure =
        HeatmapFigure.render(real, SlideThumbnail.read(slide, 600), OptionalDouble.of(0.5), 1, ColorScale.defaults());
    assertTrue(countWarningRed(demoFigure.image(), demoFigure.imageY()) > 500, "a red disclaimer badge");
    assertEquals(0, countWarningRed(realFigure.image(), realFigure.imageY()));
  }

  @Test
  void aThresholdLeavesLowPatchesUncoloured() throws IOException {
    SlideThumbnail thumbnail = SlideThumbnail.read(slide, 800);
    ColorScale scale = ColorScale.defaults().withThreshold(0.5);
    HeatmapFigure.Figure figure = HeatmapFigure.render(result, thumbnail, OptionalDouble.of(0.5), 1, scale);
    int cold = coldest(result, AnalysisFixtures.TUMOR);
    int x = (int) figure.figureX(result.instances().x(cold) + 64.0);
    int y = (int) figure.figureY(result.instances().y(cold) + 64.0);
    assertEquals(
        thumbnail.image().getRGB(x - figure.imageX(), y - figure.imageY()) & 0xFFFFFF,
        figure.image().getRGB(x, y) & 0xFFFFFF,
        "below the threshold the slide shows through unchanged");
  }

  @Test
  void withoutAPixelSizeTheScaleBarIsLeftOutAndTheFigureSaysWhy() {
    SlideThumbnail thumbnail = SlideThumbnail.read(slide, 800);
    HeatmapFigure.Figure with =
        HeatmapFigure.render(result, thumbnail, OptionalDouble.of(0.5), 1, ColorScale.defaults());
    HeatmapFigure.Figure without =
        HeatmapFigure.render(result, thumbnail, OptionalDouble.empty(), 1, ColorScale.defaults());
    // The bar is solid black in the overview's bottom-left corner, where the demo slide is glass.
    assertTrue(blackPixelsBottomLeft(with) > 200, "a scale bar");
    assertEquals(0, blackPixelsBottomLeft(without), "no scale bar");
    assertTrue(without.image().getHeight() > with.image().getHeight(), "one more footer line: the note");
  }

  @Test
  void scaleBarsAreRoundLengthsThatFit() {
    ScaleBar bar = ScaleBar.fitting(6.0, 250); // 6 µm per figure pixel, 250 px of room: 1500 µm
    assertEquals(1000, bar.micrometres());
    assertEquals("1 mm", bar.label());
    assertEquals(1000 / 6.0, bar.pixels(), 1e-9);
    assertEquals("200 µm", ScaleBar.fitting(1.0, 300).label());
    assertEquals(null, ScaleBar.fitting(10.0, 0.05));
  }

  @Test
  void aClosedSlideLeavesNoFileBehind() throws IOException {
    Path out = dir.resolve("closed");
    SlideImage closed = SlideImage.open(demo.slide());
    closed.close();
    Path png = out.resolve("demo.heatmap.png");
    assertThrows(SlideException.class, () -> HeatmapPng.write(result, closed, png));
    assertFalse(Files.exists(png));
    if (Files.isDirectory(out)) {
      try (Stream<Path> left = Files.list(out)) {
        assertEquals(List.of(), left.toList());
      }
    }
  }

  private static int hottest(SlideResult r, int c) {
    int best = 0;
    for (int i = 1; i < r.instanceCount(); i++) {
      if (r.instances().probability(i, c) > r.instances().probability(best, c)) {
        best = i;
      }
    }
    return best;
  }

  private static int coldest(SlideResult r, int c) {
    int best = 0;
    for (int i = 1; i < r.instanceCount(); i++) {
      if (r.instances().probability(i, c) < r.instances().probability(best, c)) {
        best = i;
      }
    }
    return best;
  }

  private static int centre(BufferedImage image, HeatmapFigure.Figure f, int i) {
    Instances in = result.instances();
    return image.getRGB(
        (int) f.figureX(in.x(i) + in.width(i) / 2.0), (int) f.figureY(in.y(i) + in.height(i) / 2.0));
  }

  /** Overview pixel under the patch centre, blended with the patch colour at the scale's opacity. */
  private static int expected(HeatmapFigure.Figure f, int i, ColorScale scale) {
    return expected(f, i, scale, result.instances().probability(i, AnalysisFixtures.TUMOR));
  }

  private static int expected(HeatmapFigure.Figure f, int i, ColorScale scale, float probability) {
    Instances in = result.instances();
    int tx = (int) f.figureX(in.x(i) + in.width(i) / 2.0) - f.imageX();
    int ty = (int) f.figureY(in.y(i) + in.height(i) / 2.0) - f.imageY();
    int under = f.thumbnail().image().getRGB(tx, ty);
    int over = scale.colormap().argb(probability);
    double a = Math.round(scale.opacity() * 255) / 255.0;
    int rgb = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
      double v = ((over >> shift) & 0xFF) * a + ((under >> shift) & 0xFF) * (1 - a);
      rgb |= (int) Math.round(v) << shift;
    }
    return rgb;
  }

  private static void assertClose(int expected, int actual) {
    for (int shift = 16; shift >= 0; shift -= 8) {
      int e = (expected >> shift) & 0xFF;
      int a = (actual >> shift) & 0xFF;
      assertTrue(Math.abs(e - a) <= 2,
          String.format("expected #%06x, got #%06x", expected & 0xFFFFFF, actual & 0xFFFFFF));
    }
  }

  private static int distance(int a, int b) {
    int d = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
      d = Math.max(d, Math.abs(((a >> shift) & 0xFF) - ((b >> shift) & 0xFF)));
    }
    return d;
  }

  private static int blackPixelsBottomLeft(HeatmapFigure.Figure f) {
    int count = 0;
    int w = f.thumbnail().width();
    int h = f.thumbnail().height();
    for (int y = f.imageY() + h * 3 / 4; y < f.imageY() + h; y++) {
      for (int x = f.imageX(); x < f.imageX() + w / 3; x++) {
        int rgb = f.image().getRGB(x, y);
        if (((rgb >> 16) & 0xFF) < 16 && ((rgb >> 8) & 0xFF) < 16 && (rgb & 0xFF) < 16) {
          count++;
        }
      }
    }
    return count;
  }

  private static int countWarningRed(BufferedImage image, int belowY) {
    int count = 0;
    for (int y = 0; y < belowY; y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        if (((rgb >> 16) & 0xFF) > 150 && ((rgb >> 8) & 0xFF) < 40 && (rgb & 0xFF) < 60) {
          count++;
        }
      }
    }
    return count;
  }
}
