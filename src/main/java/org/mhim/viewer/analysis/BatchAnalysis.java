package org.mhim.viewer.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

  private static final List<String> LEADING = List.of("slide_id", "file", "status", "predicted");
  private static final List<String> TRAILING = List.of("patches", "hard_instances", "problem");
  private static final String PROBABILITY = "p_";

  private BatchAnalysis() {}

  /**
   * What became of one slide: its prediction, or the problem that stopped it.
   *
   * @param predicted the predicted class's index; -1 when the slide failed
   * @param probabilities the slide probability of each class; empty when it failed
   * @param timings how long each phase took; null when it failed, or when read back from a summary
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

    /** "3 of 4 slides analysed (1 failed)". */
    public String counts() {
      return (slides.size() - failures()) + " of " + slides.size() + " slides analysed" + failedNote();
    }

    /** A stopped batch's counts: "Stopped after 4 slides (1 failed)". */
    public String stoppedCounts() {
      int listed = slides.size();
      return "Stopped after " + listed + (listed == 1 ? " slide" : " slides") + failedNote();
    }

    /** " (1 failed)", or nothing when none failed. */
    private String failedNote() {
      long failed = failures();
      return failed > 0 ? " (" + failed + " failed)" : "";
    }

    /**
     * The summary: slide_id, file, status (analysed or failed), predicted, the probability of each
     * class (p_&lt;class&gt;), patches, hard_instances and the problem of a failed slide.
     */
    public String csv() {
      StringBuilder text = new StringBuilder(String.join(",", LEADING));
      classNames.forEach(name -> text.append(',').append(InstanceCsv.quote(PROBABILITY + name)));
      text.append(',').append(String.join(",", TRAILING)).append('\n');
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
   * Reads a batch's summary back (to list its slides again after its window was closed).
   *
   * @throws IOException naming the file, and the line of a row that is malformed
   */
  public static Result readSummary(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      throw new IOException(csv + ": empty; a batch summary starts with the line " + String.join(",", LEADING) + ",…");
    }
    List<String> header = InstanceCsv.fields(lines.getFirst());
    int classCount = header.size() - LEADING.size() - TRAILING.size();
    if (classCount < 1 || !header.subList(0, LEADING.size()).equals(LEADING)
        || !header.subList(header.size() - TRAILING.size(), header.size()).equals(TRAILING)) {
      throw new IOException(csv + ": not a batch summary: its header should be " + String.join(",", LEADING)
          + ",p_<class>…," + String.join(",", TRAILING));
    }
    List<String> classes = new ArrayList<>();
    for (String column : header.subList(LEADING.size(), LEADING.size() + classCount)) {
      if (!column.startsWith(PROBABILITY) || column.length() == PROBABILITY.length()) {
        throw new IOException(csv + ": column '" + column + "' should be p_<class>");
      }
      classes.add(column.substring(PROBABILITY.length()));
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        outcomes.add(row(csv, i + 1, InstanceCsv.fields(lines.get(i)), classes, header.size()));
      }
    }
    return new Result(classes, outcomes, false);
  }

  private static Outcome row(Path csv, int line, List<String> f, List<String> classes, int columns) throws IOException {
    String where = csv + ": line " + line + ": ";
    if (f.size() != columns) {
      throw new IOException(where + f.size() + " fields, the header has " + columns);
    }
    String slideId = f.get(0);
    Path file = Path.of(f.get(1));
    int problem = columns - 1;
    switch (f.get(2)) {
      case "failed" -> {
        return new Outcome(slideId, file, -1, new float[0], 0, 0, null, f.get(problem));
      }
      case "analysed" -> {
        int predicted = classes.indexOf(f.get(3));
        if (predicted < 0) {
          throw new IOException(where + "predicted class '" + f.get(3) + "' is none of " + classes);
        }
        float[] probabilities = new float[classes.size()];
        try {
          for (int c = 0; c < probabilities.length; c++) {
            probabilities[c] = Float.parseFloat(f.get(LEADING.size() + c));
          }
          return new Outcome(slideId, file, predicted, probabilities, Integer.parseInt(f.get(problem - 2)),
              Integer.parseInt(f.get(problem - 1)), null, null);
        } catch (NumberFormatException e) {
          throw new IOException(where + "a probability or count is not a number: " + e.getMessage(), e);
        }
      }
      default -> throw new IOException(where + "status '" + f.get(2) + "' should be analysed or failed");
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
