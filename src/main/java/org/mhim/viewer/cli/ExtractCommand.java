package org.mhim.viewer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mhim.viewer.analysis.SlideAnalyzer;
import org.mhim.viewer.analysis.SlideBatch;
import org.mhim.viewer.features.Cancellation;
import org.mhim.viewer.features.EncoderException;
import org.mhim.viewer.features.ExtractionException;
import org.mhim.viewer.features.FeatureBag;
import org.mhim.viewer.features.FeatureDirectory;
import org.mhim.viewer.features.FeatureExtractor;
import org.mhim.viewer.features.PatchEncoder;
import org.mhim.viewer.features.PatchEncoders;
import org.mhim.viewer.slide.OpenSlideUnavailableException;
import org.mhim.viewer.slide.SlideException;
import org.mhim.viewer.slide.SlideImage;
import org.mhim.viewer.tissue.PatchGridSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mhimview extract}: slides → feature bags in {@code OUT/h5_files} and {@code OUT/pt_files}. */
@Command(
    name = "extract",
    mixinStandardHelpOptions = true,
    description = {
      "Extracts patch features from slides: finds the tissue, cuts patches at the target"
          + " magnification and encodes them.",
      "Writes OUT/h5_files/<slide>.h5 (features, coords, attributes; CLAM/TRIDENT layout) and"
          + " OUT/pt_files/<slide>.pt (the reference MHIM-MIL's tensors).",
      "Slides already in OUT are skipped; a slide that fails is reported and the others go on."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every slide done", "1:at least one slide failed", "2:bad options or encoder"})
public final class ExtractCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "SLIDE", description = SlideArguments.DESCRIPTION)
  List<Path> slides;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Option(
      names = "--encoder",
      defaultValue = PatchEncoders.DEFAULT,
      paramLabel = "NAME|PATH.pt",
      description = "stain-texture-v1 (built in, default) or a TorchScript file with a JSON sidecar.")
  String encoder;

  @Option(names = "--magnification", defaultValue = "20", paramLabel = "M", description = "Target magnification (default ${DEFAULT-VALUE}).")
  double magnification;

  @Option(names = "--patch-size", defaultValue = "256", paramLabel = "P", description = "Patch side in pixels at that magnification (default ${DEFAULT-VALUE}).")
  int patchSize;

  @Option(names = "--overwrite", description = "Extract again slides already in OUT.")
  boolean overwrite;

  @Mixin ExtractionOptions extraction;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    FeatureDirectory directory = new FeatureDirectory(out);
    SlideBatch batch;
    try {
      batch = SlideBatch.of(SlideArguments.expand(slides), out);
    } catch (IllegalArgumentException e) {
      stderr.println("mhimview: " + e.getMessage());
      stderr.flush();
      return 2;
    }
    batch.repeated().forEach(slide -> stdout.println(slide + ": given more than once, extracted once"));
    List<Path> pending = new ArrayList<>();
    for (Path slide : batch.slides()) {
      String id = SlideAnalyzer.slideId(slide);
      if (!overwrite && directory.contains(id)) {
        stdout.println("skipping " + id + ": already in " + out);
      } else {
        pending.add(slide);
      }
    }
    if (pending.isEmpty()) {
      stdout.flush();
      return 0;
    }
    PatchGridSettings grid;
    PatchEncoder patchEncoder;
    try {
      grid = PatchGridSettings.defaults().withMagnification(magnification).withPatchSize(patchSize);
      if (extraction.downsample().isPresent()) {
        grid = grid.withDownsampleOverride(extraction.downsample().getAsDouble());
      }
      patchEncoder = PatchEncoders.open(encoder, extraction.device());
    } catch (IllegalArgumentException | EncoderException e) {
      stderr.println("mhimview: " + e.getMessage());
      stderr.flush();
      return 2;
    }
    FeatureExtractor.Builder builder =
        FeatureExtractor.builder().setEncoder(patchEncoder).optGridSettings(grid).optBatchSize(extraction.batchSize());
    extraction.readers().ifPresent(builder::optReaderThreads);
    extraction.featureCache().ifPresent(builder::optCache);
    int failed = 0;
    try (FeatureExtractor extractor = builder.build()) {
      stdout.println("encoder " + patchEncoder.id() + " (" + patchEncoder.outputDim() + "-d) on " + patchEncoder.device());
      stdout.flush();
      for (int i = 0; i < pending.size(); i++) {
        String label = SlideArguments.progressLabel(SlideAnalyzer.slideId(pending.get(i)), i + 1, pending.size());
        if (!extractOne(extractor, directory, pending.get(i), label, stdout, stderr)) {
          failed++;
        }
      }
    } catch (IllegalArgumentException e) {
      stderr.println("mhimview: " + e.getMessage());
      stderr.flush();
      return 2;
    }
    int done = pending.size() - failed;
    stdout.println(done + " of " + pending.size() + " slides extracted to " + out + (failed > 0 ? "; " + failed + " failed" : ""));
    stdout.flush();
    return failed > 0 ? 1 : 0;
  }

  private static boolean extractOne(
      FeatureExtractor extractor, FeatureDirectory directory, Path slide, String label, PrintWriter stdout,
      PrintWriter stderr) {
    String id = SlideAnalyzer.slideId(slide);
    ProgressBar bar = new ProgressBar(stderr, label);
    try (SlideImage image = SlideImage.open(slide)) {
      FeatureBag bag = extractor.extract(image, id, bar, new Cancellation());
      bar.finish();
      if (bag.count() == 0) {
        stderr.println();
        stderr.println("mhimview: " + slide + ": no tissue found on the slide, so it has no features to write");
        stderr.flush();
        return false;
      }
      directory.write(bag);
      stdout.println(id + ": " + bag.count() + " patches × " + bag.dim() + " features");
      stdout.flush();
      return true;
    } catch (SlideException | ExtractionException | OpenSlideUnavailableException | UncheckedIOException e) {
      stderr.println();
      stderr.println("mhimview: " + e.getMessage());
    } catch (IOException e) {
      stderr.println();
      stderr.println("mhimview: " + slide + ": cannot write its features: " + e.getMessage());
    }
    stderr.flush();
    return false;
  }
}
