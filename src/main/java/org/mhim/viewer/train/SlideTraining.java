package org.mhim.viewer.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.mhim.viewer.features.Cancellation;
import org.mhim.viewer.features.FeatureDirectory;
import org.mhim.viewer.features.PatchEncoders;
import org.mhim.viewer.tissue.PatchGridSettings;

/**
 * A model from labelled slides, what the viewer's training wizard runs: the slides named in a labels
 * CSV are found in a folder, their features extracted (through the feature cache) into a work
 * folder, split stratified into training, validation and test slides, and the two-stage recipe
 * trained into a model bundle. Headless and cancellable; the caller runs it off the FX thread.
 */
public final class SlideTraining {

  /** Folds of the split: one tests, the next validates, the rest train. */
  public static final int FOLDS = 3;

  /**
   * What to train.
   *
   * @param labels a CSV of slide_id,label (slide_id: the slide's file name without extension)
   * @param slides the folder holding the slides
   * @param encoder the patch encoder: a built-in id or a TorchScript file with its sidecar
   * @param options the training recipe
   * @param cache the feature cache (the viewer's, so slides analysed before are not encoded again)
   * @param work where the run's feature files go
   * @param out the model bundle to write
   * @param resume continue the run stopped in {@code out} (same slides and options) rather than start
   * @param fineTune the model to start from (a bundle folder or {@code demo}; see {@link
   *     Trainer.Builder#optStartFrom}), or null to train from fresh weights; the labels then take its
   *     classes, and {@code encoder} and {@code grid} must be the ones its features came from
   * @param grid where patches are cut: the fine-tuned model's grid, or the defaults
   */
  public record Request(
      Path labels, Path slides, String encoder, TrainingOptions options, Path cache, Path work, Path out,
      boolean resume, Path fineTune, PatchGridSettings grid) {

    /** A request to train from fresh weights on the default patch grid. */
    public Request(
        Path labels, Path slides, String encoder, TrainingOptions options, Path cache, Path work, Path out,
        boolean resume) {
      this(labels, slides, encoder, options, cache, work, out, resume, null, PatchGridSettings.defaults());
    }

    public Request {
      Objects.requireNonNull(grid, "grid");
      Objects.requireNonNull(cache, "cache");
      Objects.requireNonNull(labels, "labels");
      Objects.requireNonNull(slides, "slides");
      Objects.requireNonNull(encoder, "encoder");
      Objects.requireNonNull(options, "options");
      Objects.requireNonNull(work, "work");
      Objects.requireNonNull(out, "out");
    }
  }

  private final Request request;

  public SlideTraining(Request request) {
    this.request = Objects.requireNonNull(request, "request");
  }

  /**
   * Runs it.
   *
   * @throws DatasetException listing every slide the CSV names that the folder lacks, and the
   *     labels' or the split's problems
   * @throws CancellationException when cancelled during extraction (training stops at its next
   *     step and returns a result that is not completed)
   */
  public TrainingResult run(SlideFeatures.Progress progress, TrainingListener listener, Cancellation cancellation)
      throws IOException, DatasetException {
    StartingModel start = request.fineTune() == null ? null : StartingModel.open(request.fineTune(), null);
    if (start != null) {
      start.checkRun(request.options(), PatchEncoders.idOf(request.encoder()));
    }
    // Fine-tuning keeps the model's classes, in its order; a label it does not know is refused.
    LabelTable table = LabelTable.read(request.labels(),
        start == null ? Optional.empty() : Optional.of(start.config().classNames()));
    Map<String, Path> files = SlideFolder.files(table, request.slides(), request.labels());
    DataSplit split = Splits.stratifiedKFold(table, FOLDS, request.options().seed()).getFirst();
    FeatureDirectory features = SlideFeatures.extract(files, request.encoder(), request.grid(), request.cache(),
        request.work().resolve("features"), progress, cancellation);
    TrainingData data = TrainingData.load(features.root(), table.classNames(), split);
    Trainer.Builder trainer = Trainer.builder().setData(data).setOptions(request.options())
        .setOutput(request.out()).optListener(listener).optCancellation(cancellation).optResume(request.resume());
    if (start != null) {
      trainer.optStartFrom(start);
    }
    return trainer.build().run();
  }
}
