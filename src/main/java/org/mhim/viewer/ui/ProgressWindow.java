package org.mhim.viewer.ui;

import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.mhim.viewer.features.Cancellation;

/**
 * A window of its own for long work the viewer goes on beside: what the work is doing, a progress
 * bar, optional content below them, and Cancel (also on closing the window), which the work polls
 * through {@link #cancellation()}. Made on the FX thread; {@link #report} from any thread.
 */
final class ProgressWindow {

  /** The status line and bar, handed from the working threads: the latest only. */
  private record Shown(String status, double progress) {}

  private final Stage stage = new Stage();
  private final Label status = new Label("Starting…");
  private final ProgressBar bar = new ProgressBar(0);
  private final Button cancel = new Button("Cancel");
  private final Cancellation cancellation = new Cancellation();
  private final FxLatest<Shown> reports = new FxLatest<>(this::show);
  /** Set once the work ended well: reports still queued no longer overwrite what it says. */
  private boolean finished;

  ProgressWindow(Window owner, String title, Node... below) {
    stage.initOwner(owner);
    stage.setTitle(title);
    bar.setMaxWidth(Double.MAX_VALUE);
    status.setId("progress-status");
    cancel.setId("progress-cancel");
    cancel.setCancelButton(true);
    cancel.setOnAction(e -> stop());
    stage.setOnCloseRequest(e -> stop());
    VBox box = new VBox(10, status, bar);
    box.getChildren().addAll(below);
    box.getChildren().add(cancel);
    box.setPadding(new Insets(14));
    box.setPrefWidth(below.length == 0 ? 460 : 640);
    stage.setScene(new Scene(box));
  }

  /** Widens (or narrows) the window's content from its default. FX thread. */
  void setContentWidth(double width) {
    ((VBox) stage.getScene().getRoot()).setPrefWidth(width);
  }

  Stage stage() {
    return stage;
  }

  /** Set once the user asked to stop. */
  Cancellation cancellation() {
    return cancellation;
  }

  private void stop() {
    cancellation.cancel();
    cancel.setDisable(true);
    status.setText("Stopping after the step under way…");
  }

  /**
   * The work ended well: the window says {@code text}, the bar is full, and Cancel becomes Close,
   * so what the window shows (a chart of the run) stays until the user closes it. FX thread.
   */
  void finished(String text) {
    finished = true;
    status.setText(text);
    status.setWrapText(true);
    bar.setProgress(1);
    cancel.setText("Close");
    cancel.setDisable(false); // Cancel had been pressed when the work stopped early but well
    cancel.setOnAction(e -> stage.close());
    stage.setOnCloseRequest(null);
    stage.sizeToScene();
  }

  /** The bar's latest value (any thread). */
  double progress() {
    Shown shown = reports.latest();
    return shown == null ? 0 : shown.progress();
  }

  /** From any thread: the FX thread shows the latest report. */
  void report(String text, double progress) {
    reports.offer(new Shown(text, progress));
  }

  /**
   * The reports of work over slides, timed from now: "{@code doing} slide 3 of 20 (id) — about 5 min
   * left", the bar at {@code upTo} times the share of the slides done.
   */
  SlideReports slideReports(String doing, double upTo) {
    return new SlideReports(doing, upTo);
  }

  /** See {@link #slideReports}; {@link #slide} from any thread. */
  final class SlideReports {
    private final String doing;
    private final double upTo;
    private final TimeLeft timeLeft = new TimeLeft(System.nanoTime());

    private SlideReports(String doing, double upTo) {
      this.doing = doing;
      this.upTo = upTo;
    }

    /** Slide {@code slide} of {@code slides} (1-based), {@code share} of it done. */
    void slide(String slideId, int slide, int slides, double share) {
      double done = (slide - 1 + share) / slides;
      report(String.format(Locale.ROOT, "%s slide %d of %d (%s)%s", doing, slide, slides, slideId,
          timeLeft.after(done, slides, System.nanoTime()).orElse("")), upTo * done);
    }
  }

  private void show(Shown shown) {
    if (finished) {
      return;
    }
    if (!cancellation.isCancelled()) {
      status.setText(shown.status());
    }
    bar.setProgress(shown.progress());
  }
}
