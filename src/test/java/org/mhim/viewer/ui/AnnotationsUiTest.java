package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mhim.viewer.ui.ViewerTestSupport.fx;
import static org.mhim.viewer.ui.ViewerTestSupport.fxRun;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javafx.scene.control.CheckBox;
import javafx.scene.image.PixelReader;
import javafx.scene.input.KeyCode;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mhim.viewer.slide.DemoSlideWriter;
import org.mhim.viewer.tissue.Annotation;
import org.mhim.viewer.tissue.AnnotationFile;
import org.mhim.viewer.tissue.Polygon;
import org.mhim.viewer.tissue.Ring;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A slide's annotations over it: the demo slide's true tissue and tumour outlines, found beside it
 * as it opens and drawn in their classes' colours; A hides and shows them; another file replaces
 * them; a file that is not GeoJSON is reported by name and changes nothing.
 */
class AnnotationsUiTest extends ViewerWindowFixture {

  @TempDir Path dir;

  @Test
  void theAnnotationsBesideASlideAreDrawnOverItAndToggleWithA(FxRobot robot) throws Exception {
    Path slide = ViewerTestSupport.smallSlide();
    AnnotationFile truth = AnnotationFile.read(DemoSlideWriter.annotationsPath(slide));
    assertFalse(truth.tumor().isEmpty(), "the demo slide has a tumour");
    fxRun(() -> window.open(slide));
    ViewerCanvas viewer = ViewerTestSupport.waitForSharpView(window);
    SlideTab tab = fx(() -> window.currentTabProperty().get());
    ViewerTestSupport.waitUntil("the annotations beside the slide", () -> tab.annotations().loadedProperty().get().isPresent(), 20);
    AnnotationLayer.Shown shown = fx(() -> tab.annotations().loadedProperty().get().orElseThrow());
    assertEquals(DemoSlideWriter.annotationsPath(slide), shown.source());
    assertEquals(truth.annotations(), shown.overlay().annotations());
    assertTrue(fx(() -> viewer.overlays().contains(shown.overlay())));
    assertTrue(fx(() -> window.annotations().showItem().isSelected()));
    String summary = fx(() -> window.annotations().showItem().getText());
    assertTrue(summary.contains(truth.tumor().size() + " Tumor") && summary.contains("Tissue"), summary);

    // The tumour's outline is drawn in red where its first vertex lies on the screen.
    WaitForAsyncUtils.waitForFxEvents();
    assertTrue(redNear(viewer, truth.tumor().getFirst()), "a red outline at the tumour's edge");

    // The side panel lists the classes; leaving one out hides its outlines only.
    CheckBox tissue = fx(() -> (CheckBox) tab.annotations().panel().orElseThrow().getContent().lookup("#annotation-class-Tissue"));
    assertEquals("Tissue (" + truth.tissue().size() + ")", fx(tissue::getText));
    fxRun(() -> tissue.setSelected(false));
    assertEquals(Set.of("Tissue"), fx(() -> shown.overlay().hidden()));
    WaitForAsyncUtils.waitForFxEvents();
    assertTrue(redNear(viewer, truth.tumor().getFirst()), "the tumour outline stays");
    fxRun(() -> tissue.setSelected(true));
    assertEquals(Set.of(), fx(() -> shown.overlay().hidden()));

    fxRun(viewer::requestFocus);
    robot.type(KeyCode.A);
    assertFalse(fx(() -> viewer.overlays().contains(shown.overlay())), "A hides them");
    assertFalse(fx(() -> window.annotations().showItem().isSelected()));
    WaitForAsyncUtils.waitForFxEvents();
    assertFalse(redNear(viewer, truth.tumor().getFirst()), "no outline once hidden");
    robot.type(KeyCode.A);
    assertTrue(fx(() -> viewer.overlays().contains(shown.overlay())), "A shows them again");

    // Another file (QuPath's classes) replaces them.
    Path stroma = dir.resolve("stroma.geojson");
    AnnotationFile.of("Stroma", List.of(Polygon.of(Ring.rectangle(200, 200, 600, 400)))).write(stroma);
    fxRun(() -> window.annotations().load(tab, stroma));
    ViewerTestSupport.waitUntil("the stroma annotations", () -> tab.annotations().loadedProperty().get()
        .map(s -> s.source().equals(stroma)).orElse(false), 20);
    List<Annotation> now = fx(() -> tab.annotations().loadedProperty().get().orElseThrow().overlay().annotations());
    assertEquals(1, now.size());
    assertEquals("Stroma", now.getFirst().classification());
    assertFalse(fx(() -> viewer.overlays().contains(shown.overlay())), "the first file's outlines are gone");
    assertTrue(fx(() -> window.annotations().showItem().getText()).endsWith("1 Stroma"));
    assertEquals(List.of(tab.annotations().panel().orElseThrow()),
        fx(() -> tab.sidePanelTabs().stream().filter(t -> t.getContent() instanceof AnnotationsPanel).toList()),
        "one annotations panel, the new file's");

    // A file of points only: nothing to draw, said so, the stroma stays.
    Path points = dir.resolve("points.geojson");
    Files.writeString(points, """
        {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
          "geometry": {"type": "Point", "coordinates": [10, 10]}}]}""");
    fxRun(() -> window.annotations().load(tab, points));
    ViewerTestSupport.waitUntil("the message", () -> !window.errorMessages().isEmpty(), 20);
    assertTrue(fx(() -> String.join("\n", window.errorMessages())).contains("points.geojson: no polygons"));
    assertEquals(stroma, fx(() -> tab.annotations().loadedProperty().get().orElseThrow().source()));
    fxRun(() -> window.errorMessages().clear());

    // A file that is not GeoJSON: named in the message, the stroma stays.
    Path broken = dir.resolve("broken.geojson");
    Files.writeString(broken, "{ not json");
    fxRun(() -> window.annotations().load(tab, broken));
    ViewerTestSupport.waitUntil("the error", () -> !window.errorMessages().isEmpty(), 20);
    String message = fx(() -> String.join("\n", window.errorMessages()));
    assertTrue(message.contains("broken.geojson") && message.contains("not JSON"), message);
    assertEquals(stroma, fx(() -> tab.annotations().loadedProperty().get().orElseThrow().source()));
  }

  @Test
  void classesKeepQuPathsColours() {
    assertEquals(Color.rgb(200, 0, 0), AnnotationOverlay.colorOf("Tumor"));
    assertEquals(Color.rgb(200, 0, 0), AnnotationOverlay.colorOf("tumour"));
    assertEquals(Color.rgb(150, 200, 150), AnnotationOverlay.colorOf("Stroma"));
    assertEquals(AnnotationOverlay.colorOf("Mitoses"), AnnotationOverlay.colorOf("mitoses"), "other classes by name");
  }

  @Test
  void onlyAnnotationsInViewAndLargeEnoughThereAreDrawn() {
    Viewport view = new Viewport(5000, 5000, 10, 1000, 800); // level-0 x 0..10000, y 1000..9000; 10 px a pixel
    assertTrue(AnnotationOverlay.worthDrawing(new double[] {100, 2000, 400, 2300}, view), "30 screen px");
    assertTrue(AnnotationOverlay.worthDrawing(new double[] {100, 2000, 125, 2005}, view), "2.5 px wide");
    assertFalse(AnnotationOverlay.worthDrawing(new double[] {100, 2000, 115, 2015}, view), "a cell: 1.5 px");
    assertFalse(AnnotationOverlay.worthDrawing(new double[] {100, 9500, 400, 9800}, view), "below the view");
    assertTrue(AnnotationOverlay.worthDrawing(new double[] {100, 2000, 115, 2015}, new Viewport(110, 2010, 1, 1000, 800)),
        "the same cell, zoomed in");
  }

  @Test
  void outlinesSeenFromAfarKeepAVertexAPixel() {
    // A circle of radius 1000 px drawn with 10,000 vertices (0.63 px apart).
    double[] xy = new double[20_000];
    for (int k = 0; k < 10_000; k++) {
      xy[2 * k] = 1000 + 1000 * Math.cos(2 * Math.PI * k / 10_000);
      xy[2 * k + 1] = 1000 + 1000 * Math.sin(2 * Math.PI * k / 10_000);
    }
    Ring circle = Ring.of(xy);
    assertEquals(20_000, AnnotationOverlay.simplified(circle, 0.5).length, "at full resolution every vertex counts");
    double[] far = AnnotationOverlay.simplified(circle, 16); // 1:16, the circle ~390 screen px round
    assertTrue(far.length / 2 < 500 && far.length / 2 > 300, far.length / 2 + " vertices");
    assertEquals(xy[0], far[0]);
    assertEquals(xy[1], far[1]);
  }

  /** Whether a pixel within 3 px of the polygon's first vertex (on screen) is the tumour's red. */
  private static boolean redNear(ViewerCanvas viewer, Polygon polygon) {
    Viewport view = fx(viewer::viewport);
    int sx = (int) Math.round(view.screenX(polygon.exterior().x(0)));
    int sy = (int) Math.round(view.screenY(polygon.exterior().y(0)));
    PixelReader shot = fx(() -> viewer.snapshot(null, null)).getPixelReader();
    for (int dy = -3; dy <= 3; dy++) {
      for (int dx = -3; dx <= 3; dx++) {
        Color c = shot.getColor(sx + dx, sy + dy);
        if (c.getRed() > 0.6 && c.getGreen() < 0.25 && c.getBlue() < 0.25) {
          return true;
        }
      }
    }
    return false;
  }
}
