package org.mhim.viewer.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import org.mhim.viewer.features.Cancellation;
import org.mhim.viewer.features.ExtractionException;
import org.mhim.viewer.io.AtomicFiles;
import org.mhim.viewer.io.ErrorMessages;
import org.mhim.viewer.slide.SlideException;

/**
 * Many slides analysed into one folder, one after the other, as the analyze command and the
 * viewer's folder analysis do: each slide's result files ({@link ResultFiles}), and
 * {@value #SUMMARY}, every slide's prediction, rewritten atomically after each slide so that a
 * stopped or interrupted batch keeps what it did. A slide that cannot be analysed is named with its
 * problem and the others go on. Headless; the caller runs it off the FX thread.
 */
public final class BatchAnalysis {

  /** The summary's file name in the output folder. */
  public static final String SUMMARY = "summary.csv";

  private BatchAnalysis() {}

  /**
   * What became of one slide: its prediction, or the problem that stopped it.
   *
   * @param predicted the predicted class's index; -1 when the slide failed
   * @param probabilities the slide probability of each class; empty when it failed
   * @param timings how long each phase took; null when it failed
   * @param problem why the slide could not be analysed; null when it was
   */
  public record Outcome(String slideId, Path file, int predicted, float[] probabilities, int patches,
      int hardInstances, PhaseTimings timings, String problem) {

    public Outcome {
      Objects.requireNonNull(slideId, "slideId");
      Objects.requireNonNull(file, "file");
      probabilities = probabilities.clone();
    }

    static Outcome of(Path file, SlideResult result) {
      return new Outcome(result.slideId(), file, result.predictedClass(), result.slideProbabilities(),
          result.instanceCount(), result.instances().hardCount(), result.timings(), null);
    }

    static Outcome failed(Path file, String problem) {
      return new Outcome(SlideAnalyzer.slideId(file), file, -1, new float[0], 0, 0, null, problem);
    }

    public boolean analysed() {
      return problem == null;
    }

    @Override
    public float[] probabilities() {
      return probabilities.clone();
    }

    /** The probability of the predicted class; NaN when the slide failed. */
    public float predictedProbability() {
      return analysed() ? probabilities[predicted] : Float.NaN;
    }
  }

  /** Hears a batch: each slide as it starts and as it ends. Called on the batch's thread. */
  public interface Listener {

    /** Slide {@code slide} of {@code slides} (1-based) starts; what this returns hears its progress. */
    AnalysisListener started(Path file, int slide, int slides);

    /** A slide ended, analysed or failed; the summary already holds it. */
    void ended(Outcome outcome);
  }

  /**
   * The slides of a batch in their order.
   *
   * @param stopped whether the batch was stopped before its last slide; the slides not reached are
   *     not listed
   */
  public record Result(List<String> classNames, List<Outcome> slides, boolean stopped) {

    public Result {
      classNames = List.copyOf(classNames);
      slides = List.copyOf(slides);
    }

    public long failures() {
      return slides.stream().filter(slide -> !slide.analysed()).count();
    }

    /**
     * The summary: slide_id, file, status (analysed or failed), predicted, the probability of each
     * class (p_&lt;class&gt;), patches, hard_instances and the problem of a failed slide.
     */
    public String csv() {
      StringBuilder text = new StringBuilder("slide_id,file,status,predicted");
      classNames.forEach(name -> text.append(',').append(InstanceCsv.quote("p_" + name)));
      text.append(",patches,hard_instances,problem\n");
      for (Outcome s : slides) {
        text.append(InstanceCsv.quote(s.slideId())).append(',').append(InstanceCsv.quote(s.file().toString()))
            .append(',').append(s.analysed() ? "analysed" : "failed").append(',')
            .append(s.analysed() ? InstanceCsv.quote(classNames.get(s.predicted())) : "");
        for (int c = 0; c < classNames.size(); c++) {
          text.append(',');
          if (s.analysed()) {
            text.append(String.format(Locale.ROOT, "%.6f", s.probabilities[c]));
          }
        }
        text.append(',').append(s.analysed() ? Integer.toString(s.patches()) : "")
            .append(',').append(s.analysed() ? Integer.toString(s.hardInstances()) : "")
            .append(',').append(s.analysed() ? "" : InstanceCsv.quote(s.problem().replace('\n', ' ')))
            .append('\n');
      }
      return text.toString();
    }
  }

  /**
   * Analyses {@code slides} into {@code out} with {@code analyzer} (which the caller closes).
   * Cancelling stops the slide under way, whose files are not written, and ends the batch with
   * what it did ({@link Result#stopped()}).
   *
   * @throws IOException naming the summary when it cannot be written
   * @throws org.mhim.viewer.slide.OpenSlideUnavailableException when OpenSlide cannot be loaded
   *     (no slide could be read)
   */
  public static Result run(SlideAnalyzer analyzer, List<Path> slides, Path out, Listener listener,
      Cancellation cancellation) throws IOException {
    List<Outcome> outcomes = new ArrayList<>();
    Path summary = out.resolve(SUMMARY);
    for (int i = 0; i < slides.size(); i++) {
      if (cancellation.isCancelled()) {
        return new Result(analyzer.classNames(), outcomes, true);
      }
      Path file = slides.get(i);
      Outcome outcome;
      try {
        outcome = Outcome.of(file, analyzer.analyzeTo(file, out, listener.started(file, i + 1, slides.size()), cancellation));
      } catch (CancellationException e) {
        return new Result(analyzer.classNames(), outcomes, true);
      } catch (SlideException | ExtractionException | AnalysisException | IllegalArgumentException e) {
        outcome = Outcome.failed(file, ErrorMessages.about(file, e));
      } catch (IOException e) {
        outcome = Outcome.failed(file, "cannot write its results into " + out + ": " + ErrorMessages.ofIo(e));
      } catch (UncheckedIOException e) {
        outcome = Outcome.failed(file, "cannot write its results into " + out + ": " + ErrorMessages.ofIo(e.getCause()));
      }
      outcomes.add(outcome);
      AtomicFiles.write(summary, new Result(analyzer.classNames(), outcomes, false).csv().getBytes(StandardCharsets.UTF_8));
      listener.ended(outcome);
    }
    return new Result(analyzer.classNames(), outcomes, false);
  }
}
