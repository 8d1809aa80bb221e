package org.mhim.viewer.analysis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.mhim.viewer.features.Cancellation;
import org.mhim.viewer.features.FeatureCache;
import org.mhim.viewer.io.AtomicFiles;
import org.mhim.viewer.mil.ModelBundle;
import org.mhim.viewer.mil.ModelFiles;
import org.mhim.viewer.train.ClassificationMetrics;
import org.mhim.viewer.train.DatasetException;
import org.mhim.viewer.train.LabelTable;
import org.mhim.viewer.train.LabeledSlide;
import org.mhim.viewer.train.SlideFolder;

/**
 * How well a model does on labelled slides of one's own, before its predictions are trusted or it
 * is fine-tuned: every slide named in a labels CSV is analysed as the viewer's Analyze action
 * analyses it (through the same feature cache), and the slide predictions are scored against the
 * labels. Headless and cancellable; the caller runs it off the FX thread.
 */
public final class SlideSetEvaluation {

  private SlideSetEvaluation() {}

  /**
   * What to evaluate.
   *
   * @param labels a CSV of slide_id,label, whose labels name the model's classes (or their indices)
   * @param slides the folder holding the slides, each named slide_id.*
   * @param model the model bundle, or {@code demo}
   * @param cache the feature cache
   */
  public record Request(Path labels, Path slides, Path model, Path cache) {
    public Request {
      Objects.requireNonNull(labels, "labels");
      Objects.requireNonNull(slides, "slides");
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(cache, "cache");
    }
  }

  /** One slide's file and label, and what the model said of it. */
  public record SlideOutcome(String slideId, Path file, int label, int predicted, float[] probabilities) {}

  /** The scores over all slides, and each slide's outcome in the labels' order. */
  public record Result(List<String> classNames, ClassificationMetrics metrics, List<SlideOutcome> slides) {

    public Result {
      classNames = List.copyOf(classNames);
      slides = List.copyOf(slides);
    }

    /** The slides as CSV: slide_id, label, predicted, then the probability of each class. */
    public String csv() {
      StringBuilder text = new StringBuilder("slide_id,label,predicted");
      classNames.forEach(name -> text.append(",p_").append(name.replace(',', ' ')));
      text.append('\n');
      for (SlideOutcome s : slides) {
        text.append(s.slideId()).append(',').append(classNames.get(s.label()).replace(',', ' ')).append(',')
            .append(classNames.get(s.predicted()).replace(',', ' '));
        for (float p : s.probabilities()) {
          text.append(',').append(String.format(Locale.ROOT, "%.6f", p));
        }
        text.append('\n');
      }
      return text.toString();
    }

    /** Writes {@link #csv()} to {@code file}, atomically. */
    public void writeCsv(Path file) throws IOException {
      AtomicFiles.write(file, csv().getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Where a run is: slide {@code slide} of {@code slides} (1-based), {@code share} of it done. */
  public interface Progress {
    void slide(String slideId, int slide, int slides, double share);
  }

  /**
   * Runs it.
   *
   * @throws DatasetException naming every label the model does not know and every slide the folder
   *     lacks, before any slide is read
   * @throws CancellationException when cancelled
   * @throws AnalysisException naming a slide that cannot be analysed (no tissue, an encoder problem)
   */
  public static Result run(Request request, Progress progress, Cancellation cancellation)
      throws IOException, DatasetException {
    Path model = ModelFiles.located(request.model());
    List<String> classes = ModelBundle.readManifest(model).config().classNames();
    LabelTable table = LabelTable.read(request.labels(), Optional.of(classes), false);
    Map<String, Path> files = SlideFolder.files(table, request.slides(), request.labels());
    List<SlideOutcome> outcomes = new ArrayList<>();
    try (SlideAnalyzer analyzer = SlideAnalyzer.builder().setModel(model)
        .optCache(new FeatureCache(request.cache())).build()) {
      int number = 0;
      for (LabeledSlide slide : table.slides()) {
        int index = ++number;
        if (cancellation.isCancelled()) {
          throw new CancellationException("stopped");
        }
        Path file = files.get(slide.slideId());
        SlideResult result = analyzer.analyze(file,
            p -> progress.slide(slide.slideId(), index, table.slides().size(), p.overall()), cancellation);
        outcomes.add(new SlideOutcome(slide.slideId(), file, slide.label(), result.predictedClass(),
            result.slideProbabilities()));
      }
    }
    int[] truth = outcomes.stream().mapToInt(SlideOutcome::label).toArray();
    double[][] probabilities =
        outcomes.stream().map(o -> ClassificationMetrics.widened(o.probabilities())).toArray(double[][]::new);
    return new Result(classes, ClassificationMetrics.of(truth, probabilities, classes), outcomes);
  }
}
