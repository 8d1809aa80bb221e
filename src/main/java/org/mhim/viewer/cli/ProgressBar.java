package org.mhim.viewer.cli;

import java.io.PrintWriter;
import java.time.Duration;
import org.mhim.viewer.features.ExtractionListener;
import org.mhim.viewer.features.ExtractionProgress;

/** A one-line terminal progress bar for extraction, redrawn in place at most a few times a second. */
final class ProgressBar implements ExtractionListener {

  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 200_000_000L;

  private final PrintWriter out;
  private final String label;
  private long lastDraw;

  ProgressBar(PrintWriter out, String label) {
    this.out = out;
    this.label = label;
  }

  @Override
  public synchronized void onProgress(ExtractionProgress p) {
    long now = System.nanoTime();
    boolean finished = p.done() == p.total();
    if (!finished && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    int filled = (int) Math.round(p.fraction() * WIDTH);
    String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
    out.printf(
        "\r%s [%s] %3d%% %d/%d patches  %.1f/s  ETA %s   ",
        label, bar, Math.round(p.fraction() * 100), p.done(), p.total(), p.patchesPerSecond(), clock(p.remaining()));
    out.flush();
  }

  /** Ends the bar's line. */
  synchronized void finish() {
    out.println();
    out.flush();
  }

  private static String clock(Duration d) {
    long s = d.toSeconds();
    return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
  }
}
