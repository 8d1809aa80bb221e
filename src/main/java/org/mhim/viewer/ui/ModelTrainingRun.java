package org.mhim.viewer.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.mhim.viewer.analysis.BundledEncoders;
import org.mhim.viewer.features.Cancellation;
import org.mhim.viewer.io.ErrorMessages;
import org.mhim.viewer.train.ClassificationMetrics;
import org.mhim.viewer.train.EpochRecord;
import org.mhim.viewer.train.EpochSummary;
import org.mhim.viewer.train.SlideTraining;
import org.mhim.viewer.train.StageResult;
import org.mhim.viewer.train.TrainingListener;
import org.mhim.viewer.train.TrainingResult;
import org.mhim.viewer.train.TrainingStage;

/**
 * One training from the {@link TrainingWizard}, in the background, watched in a small window of its
 * own: what it is doing (extracting slide i of n, then each stage's epochs), a progress bar, a
 * chart of the epochs and Cancel. The trained model is handed on (to be registered and chosen) and
 * the window stays, saying how well it did, until closed; a failure is named; a cancelled run
 * registers nothing. FX thread.
 */
final class ModelTrainingRun {

  /** The epochs so far; shown from the first one on. */
  private final TrainingHistoryChart history = new TrainingHistoryChart();
  private final ProgressWindow window;

  ModelTrainingRun(Window owner, String model) {
    history.node().setVisible(false);
    history.node().setManaged(false);
    window = new ProgressWindow(owner, "Training " + model, history.node());
  }

  Stage stage() {
    return window.stage();
  }

  /** The chart of the epochs so far (FX thread). */
  TrainingHistoryChart history() {
    return history;
  }

  /**
   * Shows the window and trains in the background; {@code onTrained} gets the bundle, {@code
   * errors} what went wrong or that the run was stopped.
   */
  void start(Background background, SlideTraining.Request request, Consumer<Path> onTrained,
      AnalysisController.ErrorSink errors) {
    Stage stage = window.stage();
    Cancellation cancellation = window.cancellation();
    stage.show();
    // The features come first, the first half of the bar; the training takes the second.
    ProgressWindow.SlideReports extraction = window.slideReports("Extracting features:", 0.5);
    background.run(() -> {
      TrainingResult result = new SlideTraining(request).run(extraction::slide, new Listener(), cancellation);
      if (!result.completed()) {
        throw new CancellationException("stopped");
      }
      Path encoder = Path.of(request.encoder());
      if (Files.isRegularFile(encoder)) {
        BundledEncoders.attach(result.bundle(), encoder);
      }
      return result;
    }, result -> {
      window.finished(summary(request, result));
      onTrained.accept(result.bundle());
    }, error -> {
      stage.close();
      if (error instanceof CancellationException) {
        errors.show("Training stopped", request.out() + ": stopped before its end; no model was registered (the"
            + " wizard continues it under the same name and settings, from its last epoch)");
      } else {
        errors.show("Training failed", ErrorMessages.about(request.labels(), error));
      }
    });
  }

  /** What the finished window says: the model, its best validation AUC, where to read more. */
  private static String summary(SlideTraining.Request request, TrainingResult result) {
    StageResult last = result.stages().getLast();
    return String.format(Locale.ROOT, "Trained %s: best validation AUC %.3f (%s stage, epoch %d of %d). It is now"
            + " the chosen model; Analysis ▸ Model ▸ About Chosen Model… shows its metrics and epochs.",
        request.out().getFileName(), last.validation().auc(), last.stage().id(), last.bestEpoch(), last.epochsRun());
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
      window.report(String.format(Locale.ROOT, "The model before fine-tuning: validation AUC %.3f", validation.auc()), 0.5);
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
      window.report(String.format(Locale.ROOT, "Training the %s stage: epoch %d of at most %d", stage.id(), epoch, maxEpochs),
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
          window.stage().sizeToScene();
        }
      });
      window.report(String.format(Locale.ROOT, "%s epoch %d: validation AUC %.3f", record.stage(), record.epoch(),
          record.validation().auc()), Math.max(0.5, window.progress()));
    }
  }
}
