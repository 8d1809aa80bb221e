package org.mhim.viewer.ui;

import static org.mhim.viewer.ui.ViewerBenchmark.frameTimes;
import static org.mhim.viewer.ui.ViewerBenchmark.onFx;
import static org.mhim.viewer.ui.ViewerBenchmark.pct;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.DoubleFunction;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.mhim.viewer.analysis.ResultWithBag;
import org.mhim.viewer.analysis.SlideAnalyzer;
import org.mhim.viewer.analysis.SlideResult;
import org.mhim.viewer.analysis.ThresholdContours;
import org.mhim.viewer.features.Cancellation;
import org.mhim.viewer.features.FeatureCache;
import org.mhim.viewer.slide.SlideImage;

/**
 * Panning with overlays (issue 7; bench/viewer-overlays.sh runs it under Xvfb): frame times while
 * the view pans a loop at a fixed zoom, alternately without overlays (the baseline) and with two
 * overlays on, in several interleaved rounds so that the machine's load drifts into both alike.
 * Slide and overlay tiles are warmed first (one loop with everything on), so the rounds compare
 * painting, not reading. The analysis runs in-process through a feature cache (slow once, then a
 * few seconds).
 *
 * <p>Arguments: slide, model bundle, feature-cache folder.
 */
public final class ViewerOverlayBenchmark {

  private static final double LOOP_SECONDS = 4;
  private static final int ROUNDS = 4;
  private static final double PAN_SCREEN_PX_PER_S = 900;
  private static final double DOWNSAMPLE = 2;

  private ViewerOverlayBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path slide = Path.of(args[0]);
    Path bundle = Path.of(args[1]);
    Path cache = Path.of(args[2]);
    long a0 = System.nanoTime();
    ResultWithBag analysis;
    try (SlideAnalyzer analyzer = SlideAnalyzer.builder().setModel(bundle).optDevice(Device.cpu())
            .optCache(new FeatureCache(cache)).build();
        SlideImage image = SlideImage.open(slide)) {
      analysis = analyzer.analyzeKeepingBag(image, SlideAnalyzer.slideId(slide), p -> {}, new Cancellation());
    }
    double analysisS = (System.nanoTime() - a0) / 1e9;
    SlideResult result = analysis.result();

    Path config = Files.createTempDirectory("mhim-bench-config");
    CountDownLatch started = new CountDownLatch(1);
    Platform.startup(started::countDown);
    started.await();
    Platform.setImplicitExit(false);
    ViewerWindow window = onFx(() -> {
      Stage stage = new Stage();
      ViewerWindow w = new ViewerWindow(stage, SlideOpener.openSlide(), config);
      w.setRemembering(false);
      stage.setWidth(1280);
      stage.setHeight(800);
      stage.show();
      return w;
    });
    onFx(() -> {
      window.open(slide);
      return null;
    });
    ViewerCanvas viewer = null;
    while (viewer == null) {
      viewer = onFx(() -> window.currentViewer().orElse(null));
      Thread.sleep(5);
    }
    ViewerCanvas v = viewer;
    waitSharp(v);
    SlideTab tab = onFx(() -> window.currentTabProperty().get());
    ExecutorService renderer = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "bench-overlay-renderer");
      t.setDaemon(true);
      return t;
    });
    List<SlideOverlay> analysisOverlays = onFx(() -> BenchOverlays.analysisOverlays(tab, analysis, renderer));
    List<BenchOverlays> configurations = List.of(
        BenchOverlays.heatmapAlone(v, analysisOverlays),
        BenchOverlays.twoHeatmaps(v, analysisOverlays),
        BenchOverlays.heatmapAndOutlines(v, analysisOverlays, result));

    Viewport fit = onFx(v::viewport);
    // Centre the loop on the middle of the analysed tissue, so the overlays are in view.
    int n = result.instanceCount();
    double sx = 0;
    double sy = 0;
    for (int i = 0; i < n; i++) {
      sx += result.instances().x(i) + result.instances().width(i) / 2.0;
      sy += result.instances().y(i) + result.instances().height(i) / 2.0;
    }
    double centerX = sx / n;
    double centerY = sy / n;
    double w = fit.width();
    double h = fit.height();
    double radius = PAN_SCREEN_PX_PER_S * LOOP_SECONDS / (2 * Math.PI);
    DoubleFunction<Viewport> loop = t -> {
      double angle = t / LOOP_SECONDS * 2 * Math.PI;
      return new Viewport(centerX + radius * DOWNSAMPLE * Math.sin(angle),
          centerY + radius * DOWNSAMPLE * (1 - Math.cos(angle)), DOWNSAMPLE, w, h);
    };

    List<String> lines = new ArrayList<>();
    for (BenchOverlays overlays : configurations) {
      // Warm-up: everything on, one loop, then let slide and overlay tiles settle.
      onFx(() -> {
        overlays.prepare().run();
        overlays.show(true);
        return null;
      });
      frameTimes(loop, LOOP_SECONDS, v);
      waitSharp(v);
      InstanceOverlay heatmap = BenchOverlays.heatmap(analysisOverlays);
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (!onFx(() -> heatmap.completeProperty().get()) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Thread.sleep(500);
      List<Double> without = new ArrayList<>();
      List<Double> with = new ArrayList<>();
      long[] paintNanos = new long[2];
      long[] paintCounts = new long[2];
      for (int r = 0; r < ROUNDS; r++) {
        for (boolean on : new boolean[] {false, true}) {
          onFx(() -> {
            overlays.show(on);
            return null;
          });
          Thread.sleep(300);
          long nanos0 = onFx(v::totalPaintNanos);
          long count0 = onFx(v::paintCount);
          (on ? with : without).addAll(frameTimes(loop, LOOP_SECONDS, v));
          paintNanos[on ? 1 : 0] += onFx(v::totalPaintNanos) - nanos0;
          paintCounts[on ? 1 : 0] += onFx(v::paintCount) - count0;
        }
      }
      onFx(() -> {
        overlays.show(false);
        return null;
      });
      double paintOff = paintNanos[0] / 1e6 / Math.max(1, paintCounts[0]);
      double paintOn = paintNanos[1] / 1e6 / Math.max(1, paintCounts[1]);
      lines.add("overlays on: " + overlays.describe());
      lines.add(String.format(Locale.ROOT, "  without overlays (baseline): frame p50 %.1f ms, p95 %.1f ms, max %.1f ms (%d frames); mean paint %.2f ms",
          pct(without, 50), pct(without, 95), pct(without, 100), without.size(), paintOff));
      lines.add(String.format(Locale.ROOT, "  with the overlays:           frame p50 %.1f ms, p95 %.1f ms, max %.1f ms (%d frames); mean paint %.2f ms",
          pct(with, 50), pct(with, 95), pct(with, 100), with.size(), paintOn));
      lines.add(String.format(Locale.ROOT, "  ratio with/without: frame p95 %.3f (goal <= 1.10), mean paint %.2f",
          pct(with, 95) / pct(without, 95), paintOn / paintOff));
    }
    long paints = onFx(v::paintCount);
    double longestPaintMs = onFx(v::longestPaintNanos) / 1e6;
    onFx(() -> {
      window.stage().close();
      return null;
    });
    renderer.shutdownNow();

    System.out.printf(Locale.ROOT, "slide: %s (%d instances; analysis in-process %.1f s)%n", slide, n, analysisS);
    System.out.printf(Locale.ROOT, "pan: a %.0f-screen-px/s loop at downsample %.0f, %d interleaved rounds of %.0f s each way%n",
        PAN_SCREEN_PX_PER_S, DOWNSAMPLE, ROUNDS, LOOP_SECONDS);
    lines.forEach(System.out::println);
    System.out.printf(Locale.ROOT, "%d paints in all, longest paint %.1f ms%n", paints, longestPaintMs);
    Platform.exit();
    System.exit(0);
  }

  private static void waitSharp(ViewerCanvas v) throws Exception {
    while (!onFx(() -> v.viewport() != null && v.sharpProperty().get() && v.outstandingTiles() == 0)) {
      Thread.sleep(5);
    }
  }

  /**
   * Overlays switched on and off together, built as the Analyze action builds them (one stacked
   * heatmap overlay with the patch tooltips), with the layers a configuration shows. FX thread.
   */
  private record BenchOverlays(ViewerCanvas viewer, List<SlideOverlay> overlays, Runnable prepare, String description) {

    /** The Analyze action's overlays for {@code analysed}: the class-probability layer on. */
    static List<SlideOverlay> analysisOverlays(SlideTab tab, ResultWithBag analysed, Executor renderer) {
      SlideAnalysis analysis = new SlideAnalysis(tab, renderer);
      analysis.show(analysed.result(), null);
      List<SlideOverlay> shown = List.copyOf(tab.viewer().overlays());
      tab.viewer().overlays().clear();
      return shown;
    }

    static InstanceOverlay heatmap(List<SlideOverlay> overlays) {
      return overlays.stream().filter(InstanceOverlay.class::isInstance).map(InstanceOverlay.class::cast)
          .findFirst().orElseThrow();
    }

    /** Only the first layer (the predicted class's probability) visible. */
    static BenchOverlays heatmapAlone(ViewerCanvas viewer, List<SlideOverlay> analysis) {
      return new BenchOverlays(viewer, analysis, () -> showLayers(heatmap(analysis), 1),
          "class-probability heatmap alone (cached tiles)");
    }

    /** The probability and attention layers visible (composited into the same tiles). */
    static BenchOverlays twoHeatmaps(ViewerCanvas viewer, List<SlideOverlay> analysis) {
      return new BenchOverlays(viewer, analysis, () -> showLayers(heatmap(analysis), 2),
          "class-probability and attention heatmaps (two layers of the cached-tile overlay)");
    }

    /** The probability layer and the hard-instance outlines at 10 %. */
    static BenchOverlays heatmapAndOutlines(ViewerCanvas viewer, List<SlideOverlay> analysis, SlideResult result) {
      HardInstanceOverlay hard = new HardInstanceOverlay(viewer::requestRepaint);
      hard.setRegions(ThresholdContours.hardRegions(result.withHardRatio(0.1)));
      List<SlideOverlay> all = new ArrayList<>(analysis);
      all.add(hard);
      return new BenchOverlays(viewer, all, () -> showLayers(heatmap(analysis), 1),
          "class-probability heatmap and hard-instance outlines at 10 % (" + hard.regionCount() + " regions)");
    }

    /** Makes the first {@code count} layers visible and the others not. */
    private static void showLayers(InstanceOverlay overlay, int count) {
      for (int k = 0; k < overlay.layers().size(); k++) {
        InstanceOverlay.Layer layer = overlay.layer(k);
        overlay.setLayer(k, new InstanceOverlay.Layer(layer.measure(), layer.scale(), k < count));
      }
    }

    void show(boolean on) {
      viewer.overlays().removeAll(overlays);
      if (on) {
        viewer.overlays().addAll(overlays);
      }
    }

    String describe() {
      return description;
    }
  }
}
