package org.mhim.viewer.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mhim.viewer.train.DemoModelRecipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mhimview make-demo-model}: rebuilds the embedded demo model from synthetic slides. */
@Command(
    name = "make-demo-model",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Builds the demo model that --model demo names: writes synthetic demo slides (half with"
          + " tumour, one seed each), extracts stain-texture-v1 features (20x, 256 px patches),"
          + " trains MHIM with AB-MIL (baseline stage, then MHIM) on labels tumor/normal, scores it"
          + " on held-out demo slides of other seeds (slide AUC, and instance AUC against the true"
          + " Tumor polygons) and writes the bundle with its provenance.",
      "The model is trained on synthetic slides and is not for diagnosis.",
      "The same options give the same model on the CPU."
    })
public final class MakeDemoModelCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--out", paramLabel = "DIR", description = "The bundle to write (default: ${DEFAULT-VALUE}).")
  Path out = Path.of("assets", "demo-model");

  @Option(names = "--work", paramLabel = "DIR",
      description = "Scratch folder for slides, features and the run; reused by a second run"
          + " (default: ${DEFAULT-VALUE}).")
  Path work = Path.of(System.getProperty("java.io.tmpdir"), "mhimview-demo-model");

  @Option(names = "--slides", paramLabel = "N", description = "Training slides, an even number; a quarter validate (default: ${DEFAULT-VALUE}).")
  int slides = DemoModelRecipe.Settings.defaults().slides();

  @Option(names = "--held-out", paramLabel = "N", description = "Held-out slides scored at the end, an even number (default: ${DEFAULT-VALUE}).")
  int heldOut = DemoModelRecipe.Settings.defaults().heldOut();

  @Option(names = "--size", paramLabel = "WxH", description = "Level-0 size of each slide (default: ${DEFAULT-VALUE}).")
  String size = DemoModelRecipe.Settings.defaults().width() + "x" + DemoModelRecipe.Settings.defaults().height();

  @Option(names = "--seed", paramLabel = "S",
      description = "Seed of the first slide and of training; held-out slides start at S+"
          + DemoModelRecipe.HELD_OUT_SEED_OFFSET + " (default: ${DEFAULT-VALUE}).")
  long seed = DemoModelRecipe.Settings.defaults().seed();

  @Override
  public Integer call() throws Exception {
    DemoModelRecipe.Settings settings =
        DemoModelRecipe.Settings.defaults().withSlides(slides).withHeldOut(heldOut).withSeed(seed);
    long[] wh = parseSize(size);
    settings = settings.withSize(wh[0], wh[1]);
    PrintWriter stdout = spec.commandLine().getOut();
    DemoModelRecipe.Result result =
        new DemoModelRecipe(settings, work, out).run(line -> {
          stdout.println(line);
          stdout.flush();
        }, new EpochLines(stdout));
    stdout.printf(Locale.ROOT, "wrote %s in %.0f s (%s)%n", result.bundle(), result.elapsed().toMillis() / 1000.0,
        DemoModelRecipe.NOT_FOR_DIAGNOSIS);
    stdout.flush();
    return 0;
  }

  static long[] parseSize(String text) {
    String[] parts = text.toLowerCase(Locale.ROOT).split("[x×]");
    try {
      if (parts.length == 2) {
        return new long[] {Long.parseLong(parts[0].trim()), Long.parseLong(parts[1].trim())};
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException("--size must be WIDTHxHEIGHT in pixels, such as 4096x3072, not " + text);
  }
}
