package org.mhim.viewer.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.mhim.viewer.analysis.AnalysisListener;
import org.mhim.viewer.analysis.AnalysisPhase;
import org.mhim.viewer.analysis.AnalysisProgress;

/**
 * One terminal line per slide for {@code analyze}: the phase, and during feature extraction a bar
 * with patches done; redrawn in place at most a few times a second.
 */
final class AnalysisProgressBar implements AnalysisListener {

  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 200_000_000L;

  private final PrintWriter out;
  private final String label;
  private AnalysisPhase lastPhase;
  private long lastDraw;
  private boolean drawn;

  AnalysisProgressBar(PrintWriter out, String label) {
    this.out = out;
    this.label = label;
  }

  @Override
  public synchronized void onProgress(AnalysisProgress p) {
    long now = System.nanoTime();
    boolean newPhase = p.phase() != lastPhase;
    if (!newPhase && p.done() != p.total() && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastPhase = p.phase();
    lastDraw = now;
    drawn = true;
    if (p.phase() == AnalysisPhase.FEATURES) {
      int filled = (int) Math.round(p.fraction() * WIDTH);
      out.printf(
          Locale.ROOT,
          "\r%s [%s] %3d%% %d/%d patches  %.1f/s   ",
          label, "#".repeat(filled) + "-".repeat(WIDTH - filled), Math.round(p.fraction() * 100),
          p.done(), p.total(), p.patchesPerSecond());
    } else {
      out.printf(Locale.ROOT, "\r%s [%s] %-40s", label, p.phase().label(), "");
    }
    out.flush();
  }

  /** Ends the bar's line, when one was drawn. */
  synchronized void finish() {
    if (drawn) {
      out.println();
      out.flush();
      drawn = false;
    }
  }
}
