package org.mhim.viewer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mhim.viewer.analysis.AnalysisException;
import org.mhim.viewer.analysis.AnalysisListener;
import org.mhim.viewer.analysis.BatchAnalysis;
import org.mhim.viewer.analysis.PhaseTimings;
import org.mhim.viewer.analysis.ResultFiles;
import org.mhim.viewer.analysis.SlideAnalyzer;
import org.mhim.viewer.analysis.SlideBatch;
import org.mhim.viewer.features.Cancellation;
import org.mhim.viewer.features.EncoderException;
import org.mhim.viewer.mil.ModelLocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mhimview analyze}: slides → prediction, per-patch evidence, QuPath objects and a heatmap. */
@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    description = {
      "Analyses slides with an MHIM-MIL model: tissue, patch grid, features (cached), then the"
          + " student's prediction and the teacher's hard instances.",
      "Writes per slide into OUT: <slide>.json (prediction, timings), <slide>.instances.csv (one row"
          + " per patch), <slide>.geojson (for QuPath) and <slide>.heatmap.png; and OUT/summary.csv, every"
          + " slide's prediction (or problem), rewritten after each slide.",
      "A slide that fails is reported and the others go on."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every slide analysed", "1:at least one slide failed", "2:bad options, model or encoder"})
public final class AnalyzeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "SLIDE", description = SlideArguments.DESCRIPTION)
  List<Path> slides;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "MODEL",
      description = "A model bundle folder, or 'demo' for the bundled demo model.")
  String model;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Option(
      names = "--encoder",
      paramLabel = "NAME|PATH.pt",
      description = "The patch encoder, when the model's is not built in: a TorchScript file with its"
          + " JSON sidecar. Must be the encoder the model was trained on.")
  String encoder;

  @Option(
      names = "--hard-ratio",
      paramLabel = "R",
      description = "Share of instances the teacher masks, 0..1 (default: the model's mask_ratio_h).")
  Double hardRatio;

  @Mixin ExtractionOptions extraction;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    SlideBatch batch;
    SlideAnalyzer analyzer;
    try {
      batch = SlideBatch.of(SlideArguments.expand(slides), out);
      SlideAnalyzer.Builder builder =
          SlideAnalyzer.builder()
              .setModel(ModelLocator.resolve(model))
              .optDemoModel(ModelLocator.DEMO.equals(model))
              .optDevice(extraction.device())
              .optBatchSize(extraction.batchSize());
      if (encoder != null) {
        builder.optEncoder(encoder);
      }
      if (hardRatio != null) {
        builder.optHardRatio(hardRatio);
      }
      extraction.readers().ifPresent(builder::optReaderThreads);
      extraction.featureCache().ifPresent(builder::optCache);
      extraction.downsample().ifPresent(builder::optDownsample);
      analyzer = builder.build();
    } catch (IOException | IllegalArgumentException | AnalysisException | EncoderException | UncheckedIOException e) {
      stderr.println("mhimview: " + e.getMessage());
      stderr.flush();
      return 2;
    }
    BatchAnalysis.Result result;
    try (analyzer) {
      stdout.println("model " + analyzer.modelId() + ", encoder " + analyzer.encoderId() + ", hard ratio " + analyzer.hardRatio());
      stdout.flush();
      batch.repeated().forEach(slide -> stdout.println(slide + ": given more than once, analysed once"));
      result = BatchAnalysis.run(analyzer, batch.slides(), out, new Lines(stdout, stderr, analyzer.classNames()), new Cancellation());
    } catch (IOException e) {
      stderr.println("mhimview: " + UserErrorHandler.userMessage(e));
      stderr.flush();
      return 1;
    }
    stdout.println(result.counts() + " into " + out + "; summary " + out.resolve(BatchAnalysis.SUMMARY));
    stdout.flush();
    return result.failures() > 0 ? 1 : 0;
  }

  /** A progress bar on standard error per slide, then its line: the prediction, or its problem. */
  private final class Lines implements BatchAnalysis.Listener {
    private final PrintWriter stdout;
    private final PrintWriter stderr;
    private final List<String> classes;
    private AnalysisProgressBar bar;

    Lines(PrintWriter stdout, PrintWriter stderr, List<String> classes) {
      this.stdout = stdout;
      this.stderr = stderr;
      this.classes = classes;
    }

    @Override
    public AnalysisListener started(Path file, int slide, int slides) {
      bar = new AnalysisProgressBar(stderr, SlideArguments.progressLabel(file.getFileName().toString(), slide, slides));
      return bar;
    }

    @Override
    public void ended(BatchAnalysis.Outcome outcome) {
      bar.finish();
      if (!outcome.analysed()) {
        stderr.println("mhimview: " + outcome.problem());
        stderr.flush();
        return;
      }
      PhaseTimings t = outcome.timings();
      stdout.printf(
          Locale.ROOT,
          "%s: %s (p=%.3f), %d patches, %d hard; tissue %d ms, grid %d ms, features %d ms, model %d ms -> %s%n",
          outcome.slideId(), classes.get(outcome.predicted()), outcome.predictedProbability(), outcome.patches(),
          outcome.hardInstances(), t.tissueMs(), t.gridMs(), t.featuresMs(), t.modelMs(),
          new ResultFiles(out, outcome.slideId()).summaryJson());
      stdout.flush();
    }
  }
}
