package org.mhim.viewer.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.mhim.viewer.analysis.BundledEncoders;
import org.mhim.viewer.features.Cancellation;
import org.mhim.viewer.train.ClassificationMetrics;
import org.mhim.viewer.train.EpochRecord;
import org.mhim.viewer.train.EpochSummary;
import org.mhim.viewer.train.SlideTraining;
import org.mhim.viewer.train.TrainingListener;
import org.mhim.viewer.train.TrainingResult;
import org.mhim.viewer.train.TrainingStage;

/**
 * One training from the {@link TrainingWizard}, in the background, watched in a small window of its
 * own: what it is doing (extracting slide i of n, then each stage's epochs), a progress bar and
 * Cancel. The trained model is handed on (to be registered and chosen); a failure is named; a
 * cancelled run registers nothing. FX thread.
 */
final class ModelTrainingRun {

  /** The window's status line and bar, handed from the working threads: the latest only. */
  private record Shown(String status, double progress) {}

  private final Stage stage = new Stage();
  private final Label status = new Label("Starting…");
  private final ProgressBar bar = new ProgressBar(0);
  private final Button cancel = new Button("Cancel");
  /** The epochs so far; shown from the first one on. */
  private final TrainingHistoryChart history = new TrainingHistoryChart();
  private final Cancellation cancellation = new Cancellation();
  private final AtomicReference<Shown> latest = new AtomicReference<>();
  private final AtomicBoolean handOverQueued = new AtomicBoolean();

  ModelTrainingRun(Window owner, String model) {
    stage.initOwner(owner);
    stage.setTitle("Training " + model);
    bar.setMaxWidth(Double.MAX_VALUE);
    status.setId("training-status");
    cancel.setId("training-cancel");
    cancel.setCancelButton(true);
    cancel.setOnAction(e -> stop());
    stage.setOnCloseRequest(e -> stop());
    history.node().setVisible(false);
    history.node().setManaged(false);
    VBox box = new VBox(10, status, bar, history.node(), cancel);
    box.setPadding(new Insets(14));
    box.setPrefWidth(640);
    stage.setScene(new Scene(box));
  }

  Stage stage() {
    return stage;
  }

  /** The chart of the epochs so far (FX thread). */
  TrainingHistoryChart history() {
    return history;
  }

  private void stop() {
    cancellation.cancel();
    cancel.setDisable(true);
    status.setText("Stopping after the step under way…");
  }

  /**
   * Shows the window and trains in the background; {@code onTrained} gets the bundle, {@code
   * errors} what went wrong or that the run was stopped.
   */
  void start(Background background, SlideTraining.Request request, Consumer<Path> onTrained,
      AnalysisController.ErrorSink errors) {
    stage.show();
    background.run(() -> {
      TrainingResult result = new SlideTraining(request).run(
          (slideId, slide, slides, share) -> show(String.format(Locale.ROOT, "Extracting features: slide %d of %d (%s)",
              slide, slides, slideId), 0.5 * (slide - 1 + share) / slides),
          new Listener(), cancellation);
      if (!result.completed()) {
        throw new CancellationException("stopped");
      }
      Path encoder = Path.of(request.encoder());
      if (Files.isRegularFile(encoder)) {
        BundledEncoders.attach(result.bundle(), encoder);
      }
      return result.bundle();
    }, bundle -> {
      stage.close();
      onTrained.accept(bundle);
    }, error -> {
      stage.close();
      if (error instanceof CancellationException) {
        errors.show("Training stopped", request.out() + ": stopped before its end; no model was registered (the"
            + " wizard continues it under the same name and settings, from its last epoch)");
      } else {
        errors.show("Training failed", AnalysisController.message(request.labels(), error));
      }
    });
  }

  /**
   * Training's half of the bar: each stage's epochs, steps within them; a quarter per stage when
   * both run, the whole half for a run of one (fine-tuning, or a continued MHIM stage).
   */
  private final class Listener implements TrainingListener {
    private volatile int maxEpochs = 1;
    private volatile double stageBase;
    private volatile double stageShare;
    private volatile boolean baselineRan;

    @Override
    public void startingModelScored(ClassificationMetrics validation) {
      show(String.format(Locale.ROOT, "The model before fine-tuning: validation AUC %.3f", validation.auc()), 0.5);
    }

    @Override
    public void stageStarted(TrainingStage stage, int firstEpoch, int max) {
      maxEpochs = max;
      boolean second = stage == TrainingStage.MHIM && baselineRan;
      baselineRan |= stage == TrainingStage.BASELINE;
      stageBase = second ? 0.75 : 0.5;
      stageShare = stage == TrainingStage.BASELINE || second ? 0.25 : 0.5;
    }

    @Override
    public void stepFinished(TrainingStage stage, int epoch, int step, int steps) {
      double inStage = Math.min(1, (epoch - 1 + (double) step / steps) / maxEpochs);
      show(String.format(Locale.ROOT, "Training the %s stage: epoch %d of at most %d", stage.id(), epoch, maxEpochs),
          stageBase + stageShare * inStage);
    }

    @Override
    public void epochFinished(EpochRecord record) {
      EpochSummary epoch = EpochSummary.of(record);
      Platform.runLater(() -> {
        history.add(epoch);
        if (!history.node().isVisible()) {
          history.node().setVisible(true);
          history.node().setManaged(true);
          stage.sizeToScene();
        }
      });
      Shown last = latest.get();
      show(String.format(Locale.ROOT, "%s epoch %d: validation AUC %.3f", record.stage(), record.epoch(),
          record.validation().auc()), last == null ? 0.5 : last.progress());
    }
  }

  /** From any thread: one hand-over to the FX thread queued at a time, showing the latest. */
  private void show(String text, double progress) {
    latest.set(new Shown(text, progress));
    if (handOverQueued.compareAndSet(false, true)) {
      Platform.runLater(() -> {
        handOverQueued.set(false);
        Shown shown = latest.get();
        if (!cancellation.isCancelled()) {
          status.setText(shown.status());
        }
        bar.setProgress(shown.progress());
      });
    }
  }
}
