package org.mhim.viewer.ui;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleFunction;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The viewer benchmark (bench/viewer.sh runs it under Xvfb): time from open to the first fully
 * sharp frame, frame times during a scripted 10-second zoom and pan, and heap in use afterwards.
 * The baseline, measured in the same run, is the frame time of the same window showing no slide:
 * what this machine and pipeline give at best.
 */
public final class ViewerBenchmark {

  private static final double SECONDS = 10;
  private static final double PAN_SCREEN_PX_PER_S = 900;
  /**
   * With -Dbench.frameIndexed=true the script advances one 60th of a second per pulse instead of
   * following the clock: every run then paints the same 600 views, so CPU per frame compares
   * between runs on a busy machine (frame times then say little).
   */
  private static final boolean FRAME_INDEXED = Boolean.getBoolean("bench.frameIndexed");

  private ViewerBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path slide = Path.of(args[0]);
    Path config = Files.createTempDirectory("mhim-bench-config");
    CountDownLatch started = new CountDownLatch(1);
    Platform.startup(started::countDown);
    started.await();
    Platform.setImplicitExit(false);
    AtomicLong openNanos = new AtomicLong();
    AtomicLong openedAt = new AtomicLong();
    ViewerWindow window = onFx(() -> {
      Stage stage = new Stage();
      // Times the OpenSlide open itself (on the window's background thread), apart from the tab.
      SlideOpener real = SlideOpener.openSlide();
      SlideOpener timed = new SlideOpener() {
        @Override
        public OpenSlide open(Path path) {
          long start = System.nanoTime();
          OpenSlide opened = real.open(path);
          openNanos.set(System.nanoTime() - start);
          openedAt.set(System.nanoTime());
          return opened;
        }

        @Override
        public void prepare() {
          real.prepare();
        }
      };
      ViewerWindow w = new ViewerWindow(stage, timed, config);
      w.setRemembering(false);
      stage.setWidth(1280);
      stage.setHeight(800);
      stage.show();
      return w;
    });
    Thread.sleep(1000);
    List<Double> idle = frameTimes(t -> null, 3);

    Map<String, Long> cpuBeforeOpen = cpuByThreadGroup();
    long t0 = System.nanoTime();
    onFx(() -> {
      window.open(slide);
      return null;
    });
    // The first sharp frame is on screen once the pulse that painted it has been rendered: taken
    // as the start of the second pulse after the canvas said it is sharp (the FX thread does not
    // sync a pulse before the previous one is rendered), so at most a frame late, never early.
    AtomicLong sharpAt = new AtomicLong();
    AtomicLong laidOutAt = new AtomicLong();
    ViewerCanvas viewer = null;
    while (viewer == null) {
      viewer = onFx(() -> window.currentViewer().map(found -> {
        if (found.viewport() != null) {
          laidOutAt.set(System.nanoTime());
        }
        found.viewportProperty().addListener((obs, was, now) -> laidOutAt.compareAndSet(0, System.nanoTime()));
        Runnable pulsesAfterSharp = () -> new AnimationTimer() {
          int pulses;

          @Override
          public void handle(long ignored) {
            if (++pulses == 2) {
              sharpAt.set(System.nanoTime());
              stop();
            }
          }
        }.start();
        if (found.sharpProperty().get()) {
          pulsesAfterSharp.run();
        } else {
          found.sharpProperty().addListener(new javafx.beans.value.ChangeListener<Boolean>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Boolean> obs, Boolean was, Boolean now) {
              if (now) {
                obs.removeListener(this);
                pulsesAfterSharp.run();
              }
            }
          });
        }
        return found;
      }).orElse(null));
      Thread.sleep(2);
    }
    ViewerCanvas v = viewer;
    double tabMs = (System.nanoTime() - t0) / 1e6;
    while (sharpAt.get() == 0) {
      Thread.sleep(2);
    }
    double firstSharpMs = (sharpAt.get() - t0) / 1e6;
    Map<String, Long> cpuAtSharp = cpuByThreadGroup();
    double laidOutMs = (laidOutAt.get() - t0) / 1e6;
    while (!onFx(() -> v.outstandingTiles() == 0)) {
      Thread.sleep(2);
    }
    Viewport fit = onFx(v::viewport);
    // Let the rest of the new tab (side panel, status bar) settle, so the frame times below are
    // navigation alone.
    Thread.sleep(1500);

    // Zoom in from fit to full resolution on the slide centre (3 s), pan a loop at full and half
    // resolution (4 s), zoom back out to fit (3 s); the script is a function of time only.
    double w = fit.width();
    double h = fit.height();
    double cx = fit.centerX();
    double cy = fit.centerY();
    double fitDs = fit.downsample();
    Map<String, Long> cpuBefore = cpuByThreadGroup();
    List<double[]> timed = timedFrameTimes(t -> {
      double ds;
      double x = cx;
      double y = cy;
      if (t < 3) {
        ds = fitDs * Math.pow(1 / fitDs, t / 3);
      } else if (t < 7) {
        ds = t < 5 ? 1 : 2;
        double angle = (t - 3) / 4 * 2 * Math.PI;
        double radius = PAN_SCREEN_PX_PER_S * 4 / (2 * Math.PI); // screen px, one loop in 4 s
        x = cx + radius * ds * Math.sin(angle);
        y = cy + radius * ds * (1 - Math.cos(angle));
      } else {
        ds = 2 * Math.pow(fitDs / 2, (t - 7) / 3);
      }
      return new Viewport(x, y, ds, w, h);
    }, SECONDS, v);
    Map<String, Long> cpuAfter = cpuByThreadGroup();
    List<Double> frames = timed.stream().map(f -> f[1]).toList();
    List<Double> zoomIn = phase(timed, 0, 3);
    List<Double> pan = phase(timed, 3, 7);
    List<Double> zoomOut = phase(timed, 7, SECONDS);
    long paints = onFx(v::paintCount);
    double longestPaintMs = onFx(v::longestPaintNanos) / 1e6;

    onFx(() -> {
      window.stage().close();
      return null;
    });
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();

    System.out.printf(Locale.ROOT, "slide: %s (%d × %d, %d levels), Prism pipeline: %s%n", slide,
        v.metadata().width(), v.metadata().height(), v.metadata().levelCount(), pipeline());
    System.out.printf(Locale.ROOT, "first sharp frame after open: %.0f ms (slide open and tab shown after %.0f ms, laid out after %.0f ms; OpenSlide open %.0f ms, started after %.0f ms)%n",
        firstSharpMs, tabMs, laidOutMs, openNanos.get() / 1e6, (openedAt.get() - openNanos.get() - t0) / 1e6);
    System.out.printf(Locale.ROOT, "  CPU from open to first sharp frame (ms, load-independent):%s%n", cpuSpent(cpuBeforeOpen, cpuAtSharp, 1));
    System.out.printf(Locale.ROOT, "frame time during %.0f s zoom+pan: p50 %.1f ms, p95 %.1f ms, max %.1f ms (%d frames, %d paints, longest paint %.1f ms)%n",
        SECONDS, pct(frames, 50), pct(frames, 95), pct(frames, 100), frames.size(), paints, longestPaintMs);
    System.out.printf(Locale.ROOT, "  by phase p50/p95: zoom in %.1f/%.1f ms, pan %.1f/%.1f ms, zoom out %.1f/%.1f ms%n",
        pct(zoomIn, 50), pct(zoomIn, 95), pct(pan, 50), pct(pan, 95), pct(zoomOut, 50), pct(zoomOut, 95));
    System.out.printf(Locale.ROOT, "  CPU per frame (ms, load-independent):%s%n", cpuSpent(cpuBefore, cpuAfter, frames.size()));
    System.out.printf(Locale.ROOT, "baseline (same window, no slide): p50 %.1f ms, p95 %.1f ms, max %.1f ms%n",
        pct(idle, 50), pct(idle, 95), pct(idle, 100));
    System.out.printf(Locale.ROOT, "ratio p95 slide/baseline: %.2f%n", pct(frames, 95) / pct(idle, 95));
    System.out.printf(Locale.ROOT, "heap in use afterwards (after GC): %d MiB (max heap %d MiB)%n",
        heap >> 20, Runtime.getRuntime().maxMemory() >> 20);
    Platform.exit();
    System.exit(0);
  }

  /** Pulse-to-pulse times while {@code script} (time → view, or null for none) drives the canvas. */
  static List<Double> frameTimes(DoubleFunction<Viewport> script, double seconds, ViewerCanvas... canvas)
      throws Exception {
    return timedFrameTimes(script, seconds, canvas).stream().map(f -> f[1]).toList();
  }

  /**
   * CPU time so far of this JVM's threads, grouped: the JavaFX thread, the render thread, the frame
   * composer, the tile loaders, everything else (JIT, GC, background). Unlike frame times, these
   * hardly depend on how busy the machine is.
   */
  private static Map<String, Long> cpuByThreadGroup() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<String, Long> cpu = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long nanos = threads.getThreadCpuTime(info.getThreadId());
      String name = info.getThreadName();
      String group = name.equals("JavaFX Application Thread") || name.startsWith("GtkNativeMainLoop") ? "fx"
          : name.startsWith("QuantumRenderer") ? "render"
          : name.startsWith("frame-composer") ? "composer"
          : name.startsWith("tile-loader") ? "loaders"
          : "other";
      cpu.merge(group, Math.max(0, nanos), Long::sum);
    }
    return cpu;
  }

  /** CPU time per thread group between two {@link #cpuByThreadGroup} readings, divided by {@code per}. */
  private static String cpuSpent(Map<String, Long> before, Map<String, Long> after, int per) {
    StringBuilder cpu = new StringBuilder();
    for (String group : List.of("fx", "render", "composer", "loaders", "other")) {
      double ms = (after.getOrDefault(group, 0L) - before.getOrDefault(group, 0L)) / 1e6;
      cpu.append(String.format(Locale.ROOT, " %s %.1f,", group, ms / per));
    }
    return cpu.substring(0, cpu.length() - 1);
  }

  /** The frame times of pulses that ran between {@code from} and {@code to} seconds. */
  private static List<Double> phase(List<double[]> timed, double from, double to) {
    return timed.stream().filter(f -> f[0] >= from && f[0] < to).map(f -> f[1]).toList();
  }

  /** The Prism pipeline in use (sw, es2, …), as JavaFX chose it; "unknown" if it cannot tell. */
  private static String pipeline() {
    try {
      Object p = Class.forName("com.sun.prism.GraphicsPipeline").getMethod("getPipeline").invoke(null);
      return p.getClass().getSimpleName().replace("Pipeline", "").toLowerCase(Locale.ROOT);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return "unknown (" + System.getProperty("prism.order", "default order") + ")";
    }
  }

  /** (time in s, pulse-to-pulse ms) for each pulse while {@code script} drives the canvas. */
  private static List<double[]> timedFrameTimes(DoubleFunction<Viewport> script, double seconds, ViewerCanvas... canvas)
      throws Exception {
    List<double[]> gaps = Collections.synchronizedList(new ArrayList<>());
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
            gaps.add(new double[] {(now - start) / 1e9, (now - last) / 1e6});
          }
          last = now;
          double t = FRAME_INDEXED ? gaps.size() / 60.0 : (now - start) / 1e9;
          if (t >= seconds) {
            stop();
            done.countDown();
            return;
          }
          Viewport view = script.apply(t);
          if (view != null && canvas.length > 0) {
            canvas[0].setViewport(view);
          }
        }
      }.start();
      return null;
    });
    done.await();
    return new ArrayList<>(gaps);
  }

  static double pct(List<Double> values, double percentile) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(percentile / 100 * sorted.size()) - 1;
    return sorted.get(Math.clamp(index, 0, sorted.size() - 1));
  }

  static <T> T onFx(Callable<T> work) throws Exception {
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
