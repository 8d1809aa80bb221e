package org.mhim.viewer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mhim.viewer.analysis.AnalysisException;
import org.mhim.viewer.analysis.PhaseTimings;
import org.mhim.viewer.analysis.ResultFiles;
import org.mhim.viewer.analysis.SlideAnalyzer;
import org.mhim.viewer.analysis.SlideResult;
import org.mhim.viewer.features.Cancellation;
import org.mhim.viewer.features.Devices;
import org.mhim.viewer.features.EncoderException;
import org.mhim.viewer.features.ExtractionException;
import org.mhim.viewer.features.FeatureCache;
import org.mhim.viewer.mil.ModelLocator;
import org.mhim.viewer.slide.OpenSlideUnavailableException;
import org.mhim.viewer.slide.SlideException;
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
          + " per patch), <slide>.geojson (for QuPath) and <slide>.heatmap.png.",
      "A slide that fails is reported and the others go on."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every slide analysed", "1:at least one slide failed", "2:bad options, model or encoder"})
public final class AnalyzeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "SLIDE", description = "Slide files (anything OpenSlide reads).")
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
      batch = SlideBatch.of(slides, out);
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
    int failed = 0;
    try (analyzer) {
      stdout.println("model " + analyzer.modelId() + ", encoder " + analyzer.encoderId() + ", hard ratio " + analyzer.hardRatio());
      stdout.flush();
      batch.repeated().forEach(slide -> stdout.println(slide + ": given more than once, analysed once"));
      for (Path slide : batch.slides()) {
        if (!analyzeOne(analyzer, slide, stdout, stderr)) {
          failed++;
        }
      }
    }
    int done = batch.slides().size() - failed;
    stdout.println(done + " of " + batch.slides().size() + " slides analysed into " + out + (failed > 0 ? "; " + failed + " failed" : ""));
    stdout.flush();
    return failed > 0 ? 1 : 0;
  }

  private boolean analyzeOne(SlideAnalyzer analyzer, Path slide, PrintWriter stdout, PrintWriter stderr) {
    AnalysisProgressBar bar = new AnalysisProgressBar(stderr, slide.getFileName().toString());
    try {
      SlideResult result = analyzer.analyzeTo(slide, out, bar, new Cancellation());
      bar.finish();
      PhaseTimings t = result.timings();
      stdout.printf(
          Locale.ROOT,
          "%s: %s (p=%.3f), %d patches, %d hard; tissue %d ms, grid %d ms, features %d ms, model %d ms -> %s%n",
          result.slideId(), result.predictedClassName(), result.predictedProbability(),
          result.instanceCount(), result.instances().hardCount(), t.tissueMs(), t.gridMs(),
          t.featuresMs(), t.modelMs(), ResultFiles.of(out, result).summaryJson());
      stdout.flush();
      return true;
    } catch (SlideException | ExtractionException | AnalysisException | OpenSlideUnavailableException
        | UncheckedIOException | IllegalArgumentException e) {
      bar.finish();
      stderr.println("mhimview: " + e.getMessage());
    } catch (IOException e) {
      bar.finish();
      stderr.println("mhimview: " + slide + ": cannot write the results: " + UserErrorHandler.userMessage(e));
    }
    stderr.flush();
    return false;
  }
}
