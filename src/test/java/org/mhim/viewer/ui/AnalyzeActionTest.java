package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mhim.viewer.ui.ViewerTestSupport.fx;
import static org.mhim.viewer.ui.ViewerTestSupport.fxRun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javafx.geometry.Point2D;
import javafx.scene.control.Tooltip;
import javafx.scene.image.PixelReader;
import javafx.scene.input.KeyCode;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mhim.viewer.analysis.Colormap;
import org.mhim.viewer.analysis.InstanceMeasure;
import org.mhim.viewer.analysis.Instances;
import org.mhim.viewer.analysis.Normalization;
import org.mhim.viewer.analysis.ResultFiles;
import org.mhim.viewer.analysis.SlideResult;
import org.mhim.viewer.slide.DemoSlideWriter;
import org.mhim.viewer.tissue.AnnotationFile;
import org.mhim.viewer.tissue.Polygon;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Analyze action end to end, with the committed demo model on a held-out demo slide, through
 * the window as a user drives it: F5 runs the model, the panel shows the predicted class, the
 * tumour overlay is hot over the true tumour and cold elsewhere (sampled from the screen), the
 * tooltip of a patch shows the values the instances CSV holds, and cancel writes nothing.
 */
class AnalyzeActionTest extends ViewerWindowFixture {

  /** The analysis itself takes seconds; a loaded CI box may take much longer. */
  private static final long ANALYSIS_SECONDS = 180;

  @TempDir Path data;

  @Test
  void analyzeShowsThePredictionAHotTumourOverlayAndTheCsvValuesOnHover(FxRobot robot) throws IOException {
    DemoSlideWriter.Result slide = AnalysisTestSlides.heldOut();
    fxRun(() -> window.analysis().setFolders(AnalysisFolders.under(data)));
    fxRun(() -> window.open(slide.slide()));
    ViewerCanvas viewer = ViewerTestSupport.waitForSharpViewWithoutAnnotations(window);
    fxRun(viewer::requestFocus);
    robot.type(KeyCode.F5);

    SlideAnalysis analysis = waitForResult();
    SlideResult result = fx(analysis::result);
    AnalysisPanel panel = analysis.panel();
    // The slide has tumour (its annotations say where), and the demo model says so.
    assertFalse(AnnotationFile.read(slide.annotations()).tumor().isEmpty());
    assertEquals("tumor", result.predictedClassName());
    assertEquals("tumor", fx(() -> panel.predictedLabel().getText()));
    assertTrue(fx(() -> panel.warningLabel().isVisible() && panel.warningLabel().getText().contains("not for diagnosis")));
    assertTrue(fx(() -> panel.statusLabel().getText()).contains(result.instanceCount() + " patches"));
    System.out.println("analysis: " + fx(() -> panel.statusLabel().getText()) + " " + result.timings());
    assertTrue(result.instanceCount() >= 20, "a few dozen patches, got " + result.instanceCount());

    // The four result files were written; the tooltip must show what the CSV says.
    Path out = AnalysisFolders.under(data).resultsFor(result.modelId(), slide.slide());
    SlideResult csv = new ResultFiles(out, result.slideId()).read();

    csvProbabilitiesLocaliseTheTumour(csv, slide.annotations());
    overlayIsHotOverTheTumourAndColdElsewhere(viewer, analysis, result, slide.annotations());
    thresholdHidesAndLayersStack(viewer, analysis, result);
    tooltipShowsTheCsvValues(robot, viewer, csv);

    // The written results open again without the model: the CSV's values, the same prediction.
    fxRun(() -> window.analysis().openResults(new ResultFiles(out, result.slideId()).summaryJson()));
    ViewerTestSupport.waitUntil("the reopened result", () -> analysis.result() != result, 30);
    SlideResult reopened = fx(analysis::result);
    assertEquals(result.predictedClassName(), reopened.predictedClassName());
    assertEquals(csv.instances().size(), reopened.instanceCount());
    assertEquals(csv.instances().probability(0, 1), reopened.instances().probability(0, 1));
    assertEquals("tumor", fx(() -> panel.predictedLabel().getText()));
    assertEquals(List.of(), fx(() -> List.copyOf(window.errorMessages())));
  }

  /** Issue 7: the tumour-class probabilities of the written CSV against the true tumour, AUC ≥ 0.9. */
  private static void csvProbabilitiesLocaliseTheTumour(SlideResult csv, Path annotations) throws IOException {
    List<Polygon> truth = AnnotationFile.read(annotations).tumor();
    Instances rows = csv.instances();
    int tumor = csv.classIndex("tumor");
    List<Float> inTumour = new ArrayList<>();
    List<Float> outside = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      double cx = rows.x(i) + rows.width(i) / 2.0;
      double cy = rows.y(i) + rows.height(i) / 2.0;
      (inside(truth, cx, cy) ? inTumour : outside).add(rows.probability(i, tumor));
    }
    double pairs = 0;
    for (float t : inTumour) {
      for (float o : outside) {
        pairs += t > o ? 1 : t == o ? 0.5 : 0;
      }
    }
    double auc = pairs / (inTumour.size() * (double) outside.size());
    String summary = String.format("CSV tumour probability: %d patches centred in the tumour, %d outside; instance AUC %.3f",
        inTumour.size(), outside.size(), auc);
    System.out.println(summary);
    assertTrue(inTumour.size() >= 3 && outside.size() >= 3, summary);
    assertTrue(auc >= 0.9, summary);
  }

  private void overlayIsHotOverTheTumourAndColdElsewhere(
      ViewerCanvas viewer, SlideAnalysis analysis, SlideResult result, Path annotations) throws IOException {
    int tumor = result.classIndex("tumor");
    OverlayControls controls = fx(() -> analysis.panel().overlayControls().getFirst());
    fxRun(() -> {
      controls.measurePicker().setValue(InstanceMeasure.probability(tumor));
      controls.colormapPicker().setValue(Colormap.VIRIDIS);
      // Ranks: the demo model's tumour probabilities are squeezed (0.5 off the tumour, 0.52–0.75 on it).
      controls.normalizationPicker().setValue(Normalization.PERCENTILE);
      controls.opacitySlider().setValue(1); // pixels then show the colour map's colours exactly
    });
    ViewerTestSupport.waitUntil("the overlay tiles", () -> controls.overlay().completeProperty().get(), 30);
    ViewerTestSupport.waitSharp(viewer);
    WaitForAsyncUtils.waitForFxEvents();
    Viewport view = fx(viewer::viewport);
    PixelReader shot = fx(() -> viewer.snapshot(null, null)).getPixelReader();

    List<Polygon> truth = AnnotationFile.read(annotations).tumor();
    Instances instances = result.instances();
    double[] positions = Normalization.PERCENTILE.apply(instances.probabilities(tumor));
    List<Double> hotter = new ArrayList<>();
    List<Double> colder = new ArrayList<>();
    for (int i = 0; i < instances.size(); i++) {
      int corners = cornersInside(truth, instances, i);
      boolean centreInTumour = inside(truth, instances.x(i) + instances.width(i) / 2.0, instances.y(i) + instances.height(i) / 2.0);
      if (!centreInTumour && corners != 0) {
        continue; // a patch touching the tumour's edge counts neither way
      }
      double cx = instances.x(i) + instances.width(i) / 2.0;
      double cy = instances.y(i) + instances.height(i) / 2.0;
      int argb = shot.getArgb((int) view.screenX(cx), (int) view.screenY(cy));
      // The screen shows this patch's own colour: the overlay paints the right value in the right place.
      int expected = Colormap.VIRIDIS.argb(positions[i]);
      assertTrue(close(argb, expected, 3), String.format("patch %d: screen %08x, colour map %08x", i, argb, expected));
      double t = position(argb);
      (centreInTumour ? hotter : colder).add(t);
    }
    double hot = hotter.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    double cold = colder.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    // How often a patch in the tumour shows hotter than one outside it: the AUC of the screen colours.
    double pairs = 0;
    for (double h : hotter) {
      for (double c : colder) {
        pairs += h > c ? 1 : h == c ? 0.5 : 0;
      }
    }
    double auc = pairs / (hotter.size() * (double) colder.size());
    String summary = String.format("tumour overlay on screen: %d patches centred in the tumour (mean colour position %.3f),"
        + " %d clear of it (%.3f), of %d; AUC %.3f", hotter.size(), hot, colder.size(), cold, instances.size(), auc);
    System.out.println(summary);
    assertTrue(hotter.size() >= 3 && colder.size() >= 3, summary);
    assertTrue(hot >= 0.7, "hot over the tumour: " + summary);
    assertTrue(cold <= 0.3, "cold elsewhere: " + summary);
    assertTrue(auc >= 0.9, summary);
  }

  /**
   * With a threshold, patches below it show the slide (transparent); with the attention layer on
   * top, fully opaque, its colours cover the probability layer's; the colour bar follows.
   */
  private void thresholdHidesAndLayersStack(ViewerCanvas viewer, SlideAnalysis analysis, SlideResult result) {
    int tumor = result.classIndex("tumor");
    List<OverlayControls> controls = fx(() -> analysis.panel().overlayControls());
    OverlayControls probability = controls.get(0);
    OverlayControls attention = controls.get(1);
    Instances instances = result.instances();
    double[] positions = Normalization.PERCENTILE.apply(instances.probabilities(tumor));
    assertEquals(List.of("0%", "25%", "50%", "75%", "100%"), fx(() -> probability.legend().tickTexts()));

    fxRun(() -> probability.toggle().setSelected(false));
    ViewerTestSupport.waitSharp(viewer);
    PixelReader bare = fx(() -> viewer.snapshot(null, null)).getPixelReader();
    fxRun(() -> {
      probability.toggle().setSelected(true);
      probability.thresholdSlider().setValue(0.5);
    });
    PixelReader cut = settledShot(viewer, probability);
    Viewport view = fx(viewer::viewport);
    int hidden = 0;
    int shown = 0;
    for (int i = 0; i < instances.size(); i++) {
      int x = (int) view.screenX(instances.x(i) + instances.width(i) / 2.0);
      int y = (int) view.screenY(instances.y(i) + instances.height(i) / 2.0);
      if (positions[i] < 0.5) {
        assertEquals(bare.getArgb(x, y), cut.getArgb(x, y), "patch " + i + " below the threshold shows the slide");
        hidden++;
      } else {
        assertTrue(close(cut.getArgb(x, y), Colormap.VIRIDIS.argb(positions[i]), 3), "patch " + i + " above it keeps its colour");
        shown++;
      }
    }
    assertTrue(hidden > 0 && shown > 0, hidden + " hidden, " + shown + " shown");

    fxRun(() -> {
      probability.thresholdSlider().setValue(0);
      attention.toggle().setSelected(true);
      attention.colormapPicker().setValue(Colormap.MAGMA);
      attention.normalizationPicker().setValue(Normalization.MIN_MAX);
      attention.opacitySlider().setValue(1);
    });
    PixelReader stacked = settledShot(viewer, attention);
    double[] attentionPositions = Normalization.MIN_MAX.apply(instances.attentions());
    for (int i = 0; i < instances.size(); i++) {
      int x = (int) view.screenX(instances.x(i) + instances.width(i) / 2.0);
      int y = (int) view.screenY(instances.y(i) + instances.height(i) / 2.0);
      int expected = Colormap.MAGMA.argb(attentionPositions[i]);
      assertTrue(close(stacked.getArgb(x, y), expected, 3),
          String.format("patch %d: attention on top, screen %08x, magma %08x", i, stacked.getArgb(x, y), expected));
    }
    fxRun(() -> attention.toggle().setSelected(false));
  }

  private static PixelReader settledShot(ViewerCanvas viewer, OverlayControls controls) {
    WaitForAsyncUtils.waitForFxEvents();
    ViewerTestSupport.waitUntil("the overlay tiles", () -> controls.overlay().completeProperty().get(), 30);
    ViewerTestSupport.waitSharp(viewer);
    return fx(() -> viewer.snapshot(null, null)).getPixelReader();
  }

  private void tooltipShowsTheCsvValues(FxRobot robot, ViewerCanvas viewer, SlideResult csv) {
    Instances rows = csv.instances();
    int pick = 0;
    for (int i = 0; i < rows.size(); i++) {
      if (rows.hardRank(i) == 1) {
        pick = i; // the hardest: its rank shows too
      }
    }
    int i = pick;
    Viewport view = fx(viewer::viewport);
    Point2D screen = fx(() -> viewer.localToScreen(
        view.screenX(rows.x(i) + rows.width(i) / 2.0), view.screenY(rows.y(i) + rows.height(i) / 2.0)));
    robot.moveTo(screen.add(3, 3)).moveTo(screen);
    ViewerTestSupport.waitUntil("a tooltip", () -> showingTooltip().isPresent(), 10);
    String text = fx(() -> showingTooltip().orElseThrow().getText());

    assertTrue(text.contains("x " + rows.x(i) + ", y " + rows.y(i)), text);
    for (int c = 0; c < csv.classCount(); c++) {
      assertEquals(rows.probability(i, c), number(text, "P\\(" + csv.classNames().get(c) + "\\)"), 5e-5, text);
    }
    assertEquals(rows.score(i), number(text, "Score"), 5e-5, text);
    assertEquals(rows.attention(i), number(text, "Attention"), Math.abs(rows.attention(i)) * 1e-3, text);
    assertEquals(1, (int) number(text, "Hard rank"), text);
  }

  @Test
  void cancellingLeavesNoFilesAndTheAppUsable() throws IOException {
    DemoSlideWriter.Result slide = AnalysisTestSlides.heldOut();
    fxRun(() -> window.analysis().setFolders(AnalysisFolders.under(data)));
    fxRun(() -> window.open(slide.slide()));
    ViewerCanvas viewer = ViewerTestSupport.waitForSharpView(window);
    fxRun(() -> window.analysis().analyzeCurrent());
    SlideAnalysis analysis = fx(() -> window.analysis().analysisOf(window.currentTabProperty().get()).orElseThrow());
    assertTrue(fx(analysis::isRunning));
    // Cancel while the patches are being encoded, pressing the panel's Cancel button in the same
    // FX event that sees the phase start (a robot click could come too late on a fast machine).
    ViewerTestSupport.waitUntil("feature extraction", () -> {
      if (analysis.panel().phaseLabel().getText().startsWith("Features")) {
        analysis.panel().cancelButton().fire();
        return true;
      }
      return false;
    }, ANALYSIS_SECONDS);
    ViewerTestSupport.waitUntil("the analysis to stop", () -> !analysis.isRunning(), ANALYSIS_SECONDS);

    assertTrue(fx(() -> analysis.panel().statusLabel().getText()).contains("cancelled"));
    assertTrue(fx(() -> analysis.result() == null), "no result shown");
    assertEquals(List.of(), fx(() -> List.copyOf(window.errorMessages())), "cancelling is no error");
    assertEquals(List.of(), filesUnder(data), "no result, cache or temporary files");
    // Still usable: the view answers.
    double before = fx(viewer::viewport).downsample();
    fxRun(() -> viewer.zoomBy(2));
    assertEquals(before / 2, fx(viewer::viewport).downsample(), 1e-9);
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private SlideAnalysis waitForResult() {
    ViewerTestSupport.waitUntil("an analysis result", () -> window.currentTabProperty().get() != null
        && window.analysis().analysisOf(window.currentTabProperty().get()).map(a -> a.result() != null).orElse(false)
        || !window.errorMessages().isEmpty(), ANALYSIS_SECONDS);
    assertEquals(List.of(), fx(() -> List.copyOf(window.errorMessages())));
    return fx(() -> window.analysis().analysisOf(window.currentTabProperty().get()).orElseThrow());
  }

  private static boolean inside(List<Polygon> tumour, double x, double y) {
    return tumour.stream().anyMatch(poly -> poly.contains(x, y));
  }

  /** How many of the patch's four corners and its centre lie in the tumour. */
  private static int cornersInside(List<Polygon> tumour, Instances in, int i) {
    double x0 = in.x(i);
    double y0 = in.y(i);
    double x1 = x0 + in.width(i) - 1;
    double y1 = y0 + in.height(i) - 1;
    double[][] points = {{x0, y0}, {x1, y0}, {x0, y1}, {x1, y1}, {(x0 + x1) / 2, (y0 + y1) / 2}};
    int count = 0;
    for (double[] p : points) {
      if (tumour.stream().anyMatch(poly -> poly.contains(p[0], p[1]))) {
        count++;
      }
    }
    return count;
  }

  /** The colour-map position (0..1) of the viridis entry nearest {@code argb}. */
  private static double position(int argb) {
    int best = 0;
    long bestDistance = Long.MAX_VALUE;
    for (int k = 0; k < 256; k++) {
      long d = distance(argb, Colormap.VIRIDIS.entry(k));
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    return best / 255.0;
  }

  private static long distance(int a, int b) {
    long d = 0;
    for (int shift = 0; shift <= 16; shift += 8) {
      long c = ((a >> shift) & 0xFF) - ((b >> shift) & 0xFF);
      d += c * c;
    }
    return d;
  }

  private static boolean close(int a, int b, int tolerance) {
    for (int shift = 0; shift <= 16; shift += 8) {
      if (Math.abs(((a >> shift) & 0xFF) - ((b >> shift) & 0xFF)) > tolerance) {
        return false;
      }
    }
    return true;
  }

  private static Optional<Tooltip> showingTooltip() {
    return Window.getWindows().stream()
        .filter(w -> w instanceof Tooltip && w.isShowing())
        .map(w -> (Tooltip) w)
        .filter(t -> t.getText() != null && t.getText().startsWith("Patch"))
        .findFirst();
  }

  /** The number after {@code label} on its line of the tooltip. */
  private static double number(String text, String label) {
    Matcher m = Pattern.compile("(?m)^" + label + "\\s+(-?[0-9.eE+-]+)").matcher(text);
    assertTrue(m.find(), label + " in " + text);
    return Double.parseDouble(m.group(1));
  }

  private static List<Path> filesUnder(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }
}
