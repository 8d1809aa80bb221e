package org.mhim.viewer.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.mhim.viewer.analysis.HardInstances;
import org.mhim.viewer.analysis.Instances;
import org.mhim.viewer.analysis.PhaseTimings;
import org.mhim.viewer.analysis.SlideResult;
import org.mhim.viewer.slide.DemoSlideWriter;
import org.mhim.viewer.tissue.AnnotationFile;
import org.mhim.viewer.tissue.Polygon;

/**
 * Panning with overlays (bench/overlay-pan.sh runs it under Xvfb): frame times of the same
 * scripted pan over a demo slide without overlays, with two overlays on (class probability and
 * attention), and without again; each twice, the second pass counting. The baseline is the
 * overlay-free passes before and after the overlay passes, with the same warm slide tiles. The result holds one 256-px patch per grid cell on the slide's tissue,
 * with tumour probabilities from its ground truth, as many instances as an analysis gives.
 */
public final class OverlayPanBenchmark {

  private OverlayPanBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path slide = Path.of(args[0]);
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 8;
    Path config = Files.createTempDirectory("mhim-bench-config");
    CountDownLatch started = new CountDownLatch(1);
    Platform.startup(started::countDown);
    started.await();
    Platform.setImplicitExit(false);
    ViewerWindow window = onFx(() -> {
      Stage stage = new Stage();
      ViewerWindow w = new ViewerWindow(stage, SlideOpener.openSlide(), config);
      w.setRememberRecent(false);
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
    while (!onFx(() -> v.viewport() != null && v.sharpProperty().get() && v.outstandingTiles() == 0)) {
      Thread.sleep(5);
    }
    SlideResult result = result(slide, v.metadata().width(), v.metadata().height());
    SlideAnalysis analysis = onFx(() -> window.analysis().showResult(window.currentTabProperty().get(), result, null));
    List<OverlayControls> controls = onFx(() -> analysis.panel().overlayControls());
    Viewport fit = onFx(v::viewport);

    // Each condition is panned twice and the second pass counts: the first loads the slide's
    // tiles (and makes the overlay's), the second is the steady state a user feels.
    setOverlays(controls, false, false);
    List<Double> cold = pan(v, fit, seconds);
    List<Double> before = pan(v, fit, seconds);
    setOverlays(controls, true, true);
    List<Double> overlaysFirst = pan(v, fit, seconds);
    List<Double> overlays = pan(v, fit, seconds);
    setOverlays(controls, false, false);
    List<Double> after = pan(v, fit, seconds);
    List<Double> warm = new ArrayList<>(before);
    warm.addAll(after);
    double longestPaintMs = onFx(v::longestPaintNanos) / 1e6;
    onFx(() -> {
      window.stage().close();
      return null;
    });

    System.out.printf(Locale.ROOT, "slide: %s, %d instances, pan %.0f s per run (half at 1:2, half at 1:8)%n",
        slide, result.instanceCount(), seconds);
    print("no overlays, first pass (slide tiles loading)", cold);
    print("no overlays, second pass (baseline, part 1)", before);
    print("two overlays (P(tumor) + attention), first pass (overlay tiles made)", overlaysFirst);
    print("two overlays (P(tumor) + attention), second pass", overlays);
    print("no overlays, third pass (baseline, part 2)", after);
    System.out.printf(Locale.ROOT, "ratio p95 overlays/baseline: %.2f, p50: %.2f; longest single paint %.1f ms%n",
        pct(overlays, 95) / pct(warm, 95), pct(overlays, 50) / pct(warm, 50), longestPaintMs);
    Platform.exit();
    System.exit(0);
  }

  private static void setOverlays(List<OverlayControls> controls, boolean probability, boolean attention) throws Exception {
    onFx(() -> {
      controls.get(0).toggle().setSelected(probability);
      controls.get(1).toggle().setSelected(attention);
      controls.get(2).toggle().setSelected(false);
      return null;
    });
    Thread.sleep(300);
  }

  /** A loop around the slide centre at 1:2, then at 1:8; a function of time only. */
  private static List<Double> pan(ViewerCanvas canvas, Viewport fit, double seconds) throws Exception {
    double radiusScreen = 900 * (seconds / 2) / (2 * Math.PI); // 900 screen px per second
    return frameTimes(t -> {
      boolean fine = t < seconds / 2;
      double ds = fine ? 2 : 8;
      double angle = (fine ? t : t - seconds / 2) / (seconds / 2) * 2 * Math.PI;
      return new Viewport(fit.centerX() + radiusScreen * ds * Math.sin(angle),
          fit.centerY() + radiusScreen * ds * (1 - Math.cos(angle)) - radiusScreen * ds, ds, fit.width(), fit.height());
    }, seconds, canvas);
  }

  private static SlideResult result(Path slide, long width, long height) throws Exception {
    Path truth = DemoSlideWriter.annotationsPath(slide);
    AnnotationFile annotations = Files.isRegularFile(truth) ? AnnotationFile.read(truth) : null;
    List<Polygon> tissue = annotations == null ? List.of() : annotations.tissue();
    List<Polygon> tumour = annotations == null ? List.of() : annotations.tumor();
    int patch = 256;
    SplittableRandom random = new SplittableRandom(1);
    List<int[]> cells = new ArrayList<>();
    List<float[]> values = new ArrayList<>();
    for (int y = 0; y + patch <= height; y += patch) {
      for (int x = 0; x + patch <= width; x += patch) {
        double cx = x + patch / 2.0;
        double cy = y + patch / 2.0;
        if (annotations != null && tissue.stream().noneMatch(p -> p.contains(cx, cy))) {
          continue;
        }
        boolean inTumour = tumour.stream().anyMatch(p -> p.contains(cx, cy));
        float p = (float) (inTumour ? 0.6 + 0.4 * random.nextDouble() : 0.4 * random.nextDouble());
        cells.add(new int[] {x, y});
        values.add(new float[] {1 - p, p, (float) random.nextDouble()});
      }
    }
    int n = cells.size();
    int[] xs = new int[n];
    int[] ys = new int[n];
    int[] sizes = new int[n];
    float[][] probabilities = new float[n][];
    float[] score = new float[n];
    float[] attention = new float[n];
    for (int i = 0; i < n; i++) {
      xs[i] = cells.get(i)[0];
      ys[i] = cells.get(i)[1];
      sizes[i] = patch;
      probabilities[i] = new float[] {values.get(i)[0], values.get(i)[1]};
      score[i] = values.get(i)[1];
      attention[i] = values.get(i)[2] / n;
    }
    Instances instances = new Instances(2, xs, ys, sizes, sizes, probabilities, score, attention,
        HardInstances.ranks(score, 0.03));
    return new SlideResult("bench", slide, "bench-values", "none", false, List.of("normal", "tumor"),
        new float[] {0, 1}, new float[] {0.27f, 0.73f}, 1, instances, 0.03, new PhaseTimings(0, 0, 0, 0));
  }

  private static List<Double> frameTimes(java.util.function.DoubleFunction<Viewport> script, double seconds,
      ViewerCanvas canvas) throws Exception {
    List<Double> gaps = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch done = new CountDownLatch(1);
    onFx(() -> {
      new AnimationTimer() {
        long start;
        long last;

        @Override
        public void handle(long ignored) {
          long now = System.nanoTime();
          if (start == 0) {
            start = now;
          } else {
            gaps.add((now - last) / 1e6);
          }
          last = now;
          double t = (now - start) / 1e9;
          if (t >= seconds) {
            stop();
            done.countDown();
            return;
          }
          canvas.setViewport(script.apply(t));
        }
      }.start();
      return null;
    });
    done.await();
    return new ArrayList<>(gaps);
  }

  private static void print(String what, List<Double> frames) {
    System.out.printf(Locale.ROOT, "%s: p50 %.1f ms, p95 %.1f ms, max %.1f ms (%d frames)%n",
        what, pct(frames, 50), pct(frames, 95), pct(frames, 100), frames.size());
  }

  private static double pct(List<Double> values, double percentile) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(percentile / 100 * sorted.size()) - 1;
    return sorted.get(Math.clamp(index, 0, sorted.size() - 1));
  }

  private static <T> T onFx(java.util.concurrent.Callable<T> work) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    Platform.runLater(() -> {
      try {
        result.complete(work.call());
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    });
    return result.get(60, TimeUnit.SECONDS);
  }
}
