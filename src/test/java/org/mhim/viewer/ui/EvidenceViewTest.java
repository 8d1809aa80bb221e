package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mhim.viewer.ui.ViewerTestSupport.fx;
import static org.mhim.viewer.ui.ViewerTestSupport.fxRun;
import static org.mhim.viewer.ui.ViewerTestSupport.waitUntil;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.concurrent.Task;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mhim.viewer.analysis.Colormap;
import org.mhim.viewer.analysis.HardInAnnotations;
import org.mhim.viewer.analysis.HardInstances;
import org.mhim.viewer.analysis.Instances;
import org.mhim.viewer.analysis.ResultWithBag;
import org.mhim.viewer.analysis.ScoreBins;
import org.mhim.viewer.analysis.SlideAnalyzer;
import org.mhim.viewer.analysis.SlideResult;
import org.mhim.viewer.analysis.ThresholdContours;
import org.mhim.viewer.analysis.WhatRemains;
import org.mhim.viewer.features.Cancellation;
import org.mhim.viewer.features.TestSlides;
import org.mhim.viewer.mil.ModelLocator;
import org.mhim.viewer.slide.ArgbImage;
import org.mhim.viewer.slide.DemoSlideWriter;
import org.mhim.viewer.slide.SlideImage;
import org.mhim.viewer.tissue.AnnotationFile;
import org.mhim.viewer.tissue.Polygon;
import org.mhim.viewer.tissue.Ring;
import org.testfx.api.FxRobot;

/**
 * The evidence panels on a real demo slide analysed by the committed demo model: the hard-instance
 * slider changes the outlined regions and "what remains"; a gallery thumbnail moves the view; a
 * clicked patch shows its full-resolution pixels; contours export as QuPath annotations; the
 * exported view carries the overlay and the legend.
 */
class EvidenceViewTest extends ViewerWindowFixture {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path bundle;
  private static Path slide;
  private static ResultWithBag analysis;
  @TempDir Path dir;
  private EvidenceView evidence;

  @BeforeAll
  static void analyse() throws IOException {
    bundle = ModelLocator.resolve(ModelLocator.DEMO);
    slide = TestSlides.medium();
    try (SlideAnalyzer analyzer = SlideAnalyzer.builder().setModel(bundle).optDevice(Device.cpu()).build();
        SlideImage image = SlideImage.open(slide)) {
      analysis = analyzer.analyzeKeepingBag(image, "medium", p -> {}, new Cancellation());
    }
  }

  @BeforeEach
  void tallerWindow() {
    fxRun(() -> window.stage().setHeight(1000));
  }

  /** Before the fixture closes the window. */
  @AfterEach
  void closeEvidence() {
    if (evidence != null) {
      fxRun(evidence::close);
    }
  }

  /** Opens the slide, waits for a sharp view and attaches the evidence of the analysis. */
  private ViewerCanvas attach() throws IOException {
    fxRun(() -> window.open(slide));
    ViewerCanvas viewer = ViewerTestSupport.waitForSharpView(window);
    WhatRemains remains = WhatRemains.open(bundle, analysis);
    evidence = fx(() -> new EvidenceView(window.currentTabProperty().get(), analysis, remains, message -> {
      throw new AssertionError(message);
    }));
    waitForRatio(evidence.hardInstances(), analysis.result().hardRatio());
    return viewer;
  }

  private static HardSelection waitForRatio(HardInstancesPanel panel, double ratio) {
    waitUntil("hard instances at " + ratio, () -> !panel.busy() && panel.selectionProperty().get() != null
        && Math.abs(panel.selectionProperty().get().ratio() - ratio) < 1e-9, 30);
    return fx(() -> panel.selectionProperty().get());
  }

  @Test
  void theSliderChangesTheOutlinedRegionsAndWhatRemains() throws IOException {
    ViewerCanvas viewer = attach();
    HardInstancesPanel panel = evidence.hardInstances();
    SlideResult result = analysis.result();
    int n = result.instanceCount();
    int tumor = result.classIndex("tumor");

    fxRun(() -> panel.percentProperty().set(0.5));
    HardSelection few = waitForRatio(panel, 0.005);
    ViewerTestSupport.waitSharp(viewer);
    int fewRegions = fx(() -> panel.overlay().regionCount());
    long fewOutline = outlinePixels(viewer);
    String fewLabel = fx(() -> remainingLabel(panel, tumor));

    fxRun(() -> panel.percentProperty().set(10));
    HardSelection many = waitForRatio(panel, 0.1);
    ViewerTestSupport.waitSharp(viewer);
    int manyRegions = fx(() -> panel.overlay().regionCount());
    long manyOutline = outlinePixels(viewer);
    String manyLabel = fx(() -> remainingLabel(panel, tumor));

    assertEquals(HardInstances.count(n, 0.005), few.instances().hardCount());
    // Why these: the histogram shows the teacher's scores with the hard ones, the highest, apart.
    ScoreBins shownBins = fx(() -> panel.histogram().shown());
    assertEquals(many.instances().hardCount(), Arrays.stream(shownBins.hard()).sum());
    assertTrue(fx(() -> ((Label) panel.histogram().lookup("#score-histogram-caption")).getText())
        .contains(String.format(Locale.ROOT, "from %.3f up", shownBins.cut())));
    assertEquals(HardInstances.count(n, 0.1), many.instances().hardCount());
    assertEquals(ThresholdContours.hardRegions(result.withHardRatio(0.005)).size(), fewRegions);
    assertEquals(ThresholdContours.hardRegions(result.withHardRatio(0.1)).size(), manyRegions);
    assertTrue(manyRegions > fewRegions, fewRegions + " regions at 0.5 %, " + manyRegions + " at 10 %");
    assertTrue(manyOutline > fewOutline, "outline pixels: " + fewOutline + " at 0.5 %, " + manyOutline + " at 10 %");

    assertEquals(n - few.instances().hardCount(), few.remaining().orElseThrow().remaining());
    assertNotEquals(few.remaining().orElseThrow().probability(tumor), many.remaining().orElseThrow().probability(tumor));
    assertEquals(String.format(Locale.ROOT, "%.1f %%", 100 * few.remaining().orElseThrow().probability(tumor)), fewLabel);
    assertEquals(String.format(Locale.ROOT, "%.1f %%", 100 * many.remaining().orElseThrow().probability(tumor)), manyLabel);
    try (WhatRemains direct = WhatRemains.open(bundle, analysis)) {
      assertArrayEquals(direct.at(0.1).probabilities(), many.remaining().orElseThrow().probabilities(), 1e-6f);
    }
  }

  /**
   * With the slide's annotations loaded (the demo slide's true tissue and tumour, found beside it),
   * the panel says where the hard instances lie among them: on this slide the teacher masks
   * tumour. Another file in their place changes the answer.
   */
  @Test
  void theHardInstancesArePlacedAmongTheSlidesAnnotations() throws IOException {
    attach();
    HardInstancesPanel panel = evidence.hardInstances();
    SlideTab tab = fx(() -> window.currentTabProperty().get());
    waitUntil("the annotations beside the slide", () -> tab.annotations().loadedProperty().get().isPresent(), 20);
    AnnotationFile truth = AnnotationFile.read(DemoSlideWriter.annotationsPath(slide));
    HardSelection selection = fx(() -> panel.selectionProperty().get());
    HardInAnnotations expected = HardInAnnotations.of(selection.instances(), truth.annotations());
    waitUntil("the hard instances placed", () -> panel.inAnnotationsLabel().isVisible()
        && panel.inAnnotationsLabel().getText().equals(expected.summary()), 20);
    System.out.println("hard instances among the annotations: " + expected.summary());
    assertTrue(expected.byClass().get(AnnotationFile.TUMOR) * 2 > expected.hard(),
        "most hard instances lie in the true tumour: " + expected.summary());

    Path elsewhere = dir.resolve("corner.geojson");
    AnnotationFile.of("Stroma", List.of(Polygon.of(Ring.rectangle(0, 0, 10, 10)))).write(elsewhere);
    fxRun(() -> window.annotations().load(tab, elsewhere));
    String none = HardInAnnotations.of(selection.instances(),
        AnnotationFile.read(elsewhere).annotations()).summary();
    waitUntil("the hard instances placed again", () -> panel.inAnnotationsLabel().getText().equals(none), 20);
    assertTrue(none.contains("0 (0 %) in Stroma"), none);
  }

  @Test
  void withoutTheBagTheSliderStillOutlinesAndWhatRemainsSaysWhy() {
    fxRun(() -> window.open(slide));
    ViewerCanvas viewer = ViewerTestSupport.waitForSharpView(window);
    SlideResult result = analysis.result();
    // A result read back from its files has no feature bag.
    evidence = fx(() -> new EvidenceView(window.currentTabProperty().get(), result, message -> {
      throw new AssertionError(message);
    }));
    HardInstancesPanel panel = evidence.hardInstances();
    HardSelection initial = waitForRatio(panel, result.hardRatio());
    assertTrue(initial.remaining().isEmpty());
    fxRun(() -> panel.percentProperty().set(10));
    HardSelection many = waitForRatio(panel, 0.1);
    assertEquals(ThresholdContours.hardRegions(result.withHardRatio(0.1)).size(), fx(() -> panel.overlay().regionCount()));
    assertEquals(HardInstances.count(result.instanceCount(), 0.1), many.instances().hardCount());
    assertEquals("–", fx(() -> remainingLabel(panel, 0)));
    assertTrue(fx(() -> viewer.overlays().contains(panel.overlay())));
  }

  @Test
  void clickingAGalleryThumbnailMovesTheViewThere() throws IOException {
    ViewerCanvas viewer = attach();
    fxRun(() -> evidence.showEvidence());
    FxRobot robot = new FxRobot();
    for (String id : List.of("#hard-1", "#top-3")) {
      Button thumbnail = fx(() -> (Button) window.stage().getScene().lookup(id));
      int i = fx(() -> (Integer) thumbnail.getUserData());
      fxRun(() -> {
        thumbnail.getParent().getParent().getParent().requestLayout();
        scrollIntoView(thumbnail);
      });
      org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
      robot.clickOn(thumbnail);
      Instances instances = analysis.result().instances();
      double cx = instances.x(i) + instances.width(i) / 2.0;
      double cy = instances.y(i) + instances.height(i) / 2.0;
      waitUntil("the view centred on instance " + i, () -> {
        Viewport v = viewer.viewport();
        return Math.abs(v.centerX() - cx) < 1e-6 && Math.abs(v.centerY() - cy) < 1e-6;
      }, 10);
      assertEquals(i, fx(() -> evidence.inspector().shownInstance().orElse(-1)));
      fxRun(() -> evidence.showEvidence());
    }
  }

  @Test
  void clickingAPatchShowsItEnlargedAtFullResolution() throws IOException {
    ViewerCanvas viewer = attach();
    Instances instances = analysis.result().instances();
    int i = fx(() -> evidence.gallery().lookup("#top-1").getUserData() instanceof Integer k ? k : -1);
    fxRun(() -> viewer.centerOn(instances.x(i) + instances.width(i) / 2.0, instances.y(i) + instances.height(i) / 2.0));
    ViewerTestSupport.waitSharp(viewer);
    new FxRobot().clickOn(viewer);
    waitUntil("the patch image", () -> evidence.inspector().imageProperty().get() != null, 20);
    assertEquals(i, fx(() -> evidence.inspector().shownInstance().orElse(-1)));
    Image image = fx(() -> evidence.inspector().imageProperty().get());
    assertEquals(instances.width(i), (int) image.getWidth());
    assertEquals(instances.height(i), (int) image.getHeight());
    try (SlideImage direct = SlideImage.open(slide)) {
      ArgbImage expected = direct.readRegion(instances.x(i), instances.y(i), 0, instances.width(i), instances.height(i));
      PixelReader got = image.getPixelReader();
      int differing = 0;
      for (int y = 0; y < expected.height(); y++) {
        for (int x = 0; x < expected.width(); x++) {
          differing += got.getArgb(x, y) != expected.pixels()[y * expected.width() + x] ? 1 : 0;
        }
      }
      assertEquals(0, differing, "pixels differing from the slide read directly");
    }
  }

  @Test
  void exportedContoursAreQuPathAnnotationsOfTheThresholdedMap() throws Exception {
    attach();
    SlideResult result = analysis.result();
    int tumor = result.classIndex("tumor");
    fxRun(() -> evidence.exports().setContourMap(tumor, 0.5));
    Path target = dir.resolve("contours.geojson");
    Task<Path> task = fx(() -> evidence.exports().exportContours(target));
    task.get(30, TimeUnit.SECONDS);

    JsonNode root = JSON.readTree(target.toFile());
    assertEquals("FeatureCollection", root.path("type").asText());
    JsonNode features = root.path("features");
    int expected = ThresholdContours.contours(result, tumor, 0.5).size();
    assertTrue(expected > 0, "the demo slide has tumour");
    assertEquals(expected, features.size());
    int covered = 0;
    for (JsonNode f : features) {
      assertEquals("Feature", f.path("type").asText());
      assertEquals("Polygon", f.path("geometry").path("type").asText());
      for (JsonNode ring : f.path("geometry").path("coordinates")) {
        assertTrue(ring.size() >= 4, "a ring has at least four positions");
        assertEquals(ring.get(0), ring.get(ring.size() - 1), "rings are closed");
      }
      JsonNode p = f.path("properties");
      assertEquals("annotation", p.path("objectType").asText());
      assertEquals("tumor", p.path("classification").path("name").asText());
      JsonNode color = p.path("classification").path("color");
      assertEquals(3, color.size());
      color.forEach(c -> assertTrue(c.isInt() && c.asInt() >= 0 && c.asInt() <= 255));
      assertTrue(p.path("measurements").path("mean_prob_tumor").asDouble() >= 0.5);
      covered += p.path("measurements").path("n_instances").asInt();
    }
    int above = 0;
    for (int i = 0; i < result.instanceCount(); i++) {
      above += result.instances().probability(i, tumor) >= 0.5 ? 1 : 0;
    }
    assertEquals(above, covered, "every instance at or above the threshold is in one contour");
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(target), files.toList(), "no temporary file is left beside the export");
    }
  }

  @Test
  void theExportedViewCarriesTheOutlinesAndTheLegend() throws Exception {
    ViewerCanvas viewer = attach();
    fxRun(() -> evidence.hardInstances().percentProperty().set(10));
    waitForRatio(evidence.hardInstances(), 0.1);
    ViewerTestSupport.waitSharp(viewer);
    Path target = dir.resolve("view.png");
    Task<Path> task = fx(() -> evidence.exports().exportView(target));
    task.get(30, TimeUnit.SECONDS);
    BufferedImage png = ImageIO.read(target.toFile());
    javafx.geometry.Bounds area = fx(() -> window.currentTabProperty().get().viewArea().getLayoutBounds());
    assertEquals((int) Math.ceil(area.getWidth()), png.getWidth());
    assertEquals((int) Math.ceil(area.getHeight()), png.getHeight());

    // The legend's colour bar: the map's extreme colours (the frame covers the very first row), in
    // a column at the bottom right.
    Colormap map = Colormap.VIRIDIS;
    List<int[]> top = find(png, map.argb(1) | 0xFF000000, 8);
    List<int[]> bottom = find(png, map.argb(0) | 0xFF000000, 4);
    assertFalse(top.isEmpty(), "the colour bar's top colour");
    assertFalse(bottom.isEmpty(), "the colour bar's bottom colour");
    assertTrue(top.get(0)[0] > png.getWidth() / 2 && top.get(0)[1] > png.getHeight() / 2, "the legend sits bottom right");
    assertTrue(bottom.get(0)[1] > top.get(0)[1], "high values at the top of the bar");
    // The hard-instance outlines, drawn over the slide (and their swatch in the legend).
    long outline = find(png, 0xFF000000 | org.mhim.viewer.analysis.ClassColors.HARD_INSTANCES, 40).size();
    assertTrue(outline > 100, "outline pixels in the export: " + outline);
  }

  @Test
  void afterTheAnalyzeActionTheExportedViewCarriesTheMapShownAndItsLegend() throws Exception {
    fxRun(() -> window.analysis().setFolders(AnalysisFolders.under(dir.resolve("data"))));
    fxRun(() -> window.open(slide));
    ViewerCanvas viewer = ViewerTestSupport.waitForSharpView(window);
    fxRun(() -> window.analysis().analyzeCurrent());
    waitUntil("the evidence of the analysis", () -> window.analysis().analysisOf(window.currentTabProperty().get())
        .map(a -> a.evidence() != null).orElse(false) || !window.errorMessages().isEmpty(), 180);
    assertEquals(List.of(), fx(() -> List.copyOf(window.errorMessages())));
    SlideAnalysis shown = fx(() -> window.analysis().analysisOf(window.currentTabProperty().get()).orElseThrow());
    EvidenceView view = fx(shown::evidence);
    SlideResult result = fx(shown::result);
    waitForRatio(view.hardInstances(), result.hardRatio());
    assertTrue(fx(() -> window.currentTabProperty().get().sidePanelTabs().stream()
        .anyMatch(t -> t.getText().equals("Evidence"))));

    // The map shown: magma, fully opaque, so the screen shows the colour map's own colours.
    OverlayControls map = fx(() -> shown.panel().overlayControls().getFirst());
    fxRun(() -> {
      map.colormapPicker().setValue(Colormap.MAGMA);
      map.opacitySlider().setValue(1);
    });
    waitUntil("the overlay tiles", () -> map.overlay().completeProperty().get(), 30);
    ViewerTestSupport.waitSharp(viewer);
    Path target = dir.resolve("analysed-view.png");
    fx(() -> view.exports().exportView(target)).get(30, TimeUnit.SECONDS);
    BufferedImage png = ImageIO.read(target.toFile());

    // A patch's centre shows its colour on the map, as on screen.
    InstanceOverlay.Layer style = fx(map::layer);
    float[] values = style.measure().values(result.instances());
    double[] positions = style.scale().normalization().apply(values);
    Viewport v = fx(viewer::viewport);
    int matching = 0;
    int sampled = 0;
    for (int i = 0; i < result.instanceCount(); i++) {
      Instances in = result.instances();
      int sx = (int) v.screenX(in.x(i) + in.width(i) / 2.0);
      int sy = (int) v.screenY(in.y(i) + in.height(i) / 2.0);
      if (sx < 0 || sy < 0 || sx >= png.getWidth() || sy >= png.getHeight()) {
        continue;
      }
      sampled++;
      matching += find(crop(png, sx, sy), Colormap.MAGMA.argb(positions[i]), 3).isEmpty() ? 0 : 1;
    }
    assertTrue(sampled > 10 && matching >= sampled * 0.8, matching + " of " + sampled + " patch centres show their map colour");
    // The legend follows the map: magma's extremes, not viridis's.
    assertFalse(find(png, Colormap.MAGMA.argb(1), 8).isEmpty(), "magma's top colour in the legend");
    assertFalse(find(png, Colormap.MAGMA.argb(0), 4).isEmpty(), "magma's bottom colour in the legend");
  }

  /** The pixel at (x, y) as a 1 × 1 image. */
  private static BufferedImage crop(BufferedImage image, int x, int y) {
    return image.getSubimage(x, y, 1, 1);
  }

  // ---- helpers -----------------------------------------------------------------------------------

  private static String remainingLabel(HardInstancesPanel panel, int classIndex) {
    return ((javafx.scene.control.Label) panel.lookup("#remaining-" + classIndex)).getText();
  }

  /** Pixels of the canvas close to the outline colour. */
  private static long outlinePixels(ViewerCanvas viewer) {
    BufferedImage shot = javafx.embed.swing.SwingFXUtils.fromFXImage(fx(() -> viewer.snapshot(null, null)), null);
    return find(shot, 0xFF000000 | org.mhim.viewer.analysis.ClassColors.HARD_INSTANCES, 40).size();
  }

  /** Positions of pixels within {@code tolerance} (per channel) of {@code argb}, in raster order. */
  private static List<int[]> find(BufferedImage image, int argb, int tolerance) {
    List<int[]> out = new ArrayList<>();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int p = image.getRGB(x, y);
        boolean close = true;
        for (int shift = 0; shift <= 16 && close; shift += 8) {
          close = Math.abs(((p >> shift) & 0xFF) - ((argb >> shift) & 0xFF)) <= tolerance;
        }
        if (close) {
          out.add(new int[] {x, y});
        }
      }
    }
    return out;
  }

  private static void scrollIntoView(javafx.scene.Node node) {
    for (javafx.scene.Node p = node.getParent(); p != null; p = p.getParent()) {
      if (p instanceof javafx.scene.control.ScrollPane scroll) {
        javafx.scene.Node content = scroll.getContent();
        double contentHeight = content.getBoundsInLocal().getHeight();
        double viewport = scroll.getViewportBounds().getHeight();
        double y = content.sceneToLocal(node.localToScene(0, 0)).getY();
        if (contentHeight > viewport) {
          scroll.setVvalue(Math.clamp((y - viewport / 3) / (contentHeight - viewport), 0, 1));
        }
        return;
      }
    }
  }
}
