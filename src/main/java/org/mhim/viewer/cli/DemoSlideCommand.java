package org.mhim.viewer.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mhim.viewer.slide.DemoSlideSpec;
import org.mhim.viewer.slide.DemoSlideWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mhimview demo-slide OUT.tif [--width W --height H --seed S --tumor-fraction F]}. */
@Command(
    name = "demo-slide",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a synthetic H&E-like whole-slide image: pink stroma, purple nuclei, white glass"
          + " around tissue islands, and tumour regions with denser, larger, darker nuclei.",
      "The slide is an Aperio-style pyramidal JPEG TIFF (MPP 0.5, objective 20×) that OpenSlide"
          + " opens with all its levels. Beside it, OUT.annotations.geojson holds the true Tissue"
          + " and Tumor polygons (QuPath GeoJSON, level-0 pixels)."
    })
public final class DemoSlideCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "OUT.tif", description = "The slide to write.")
  Path out;

  @Option(names = "--width", description = "Level-0 width in pixels (default: ${DEFAULT-VALUE}).")
  long width = DemoSlideSpec.DEFAULT_WIDTH;

  @Option(names = "--height", description = "Level-0 height in pixels (default: ${DEFAULT-VALUE}).")
  long height = DemoSlideSpec.DEFAULT_HEIGHT;

  @Option(names = "--seed", description = "The same seed gives the same slide (default: ${DEFAULT-VALUE}).")
  long seed = DemoSlideSpec.DEFAULT_SEED;

  @Option(
      names = "--tumor-fraction",
      description = "Share of the tissue that is tumour, 0–1; 0 gives no tumour (default: ${DEFAULT-VALUE}).")
  double tumorFraction = DemoSlideSpec.DEFAULT_TUMOR_FRACTION;

  @Override
  public Integer call() throws Exception {
    DemoSlideSpec demo = new DemoSlideSpec(width, height, seed, tumorFraction);
    DemoSlideWriter.Result result = DemoSlideWriter.write(out, demo);
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "wrote %s (%d × %d, %d tissue and %d tumour regions, %.1f%% of tissue is tumour) in %.1f s%n"
                + "wrote %s%n",
            result.slide(), width, height,
            result.layout().tissue().size(), result.layout().tumour().size(),
            100 * result.layout().tumourArea() / result.layout().tissueArea(),
            result.elapsed().toMillis() / 1000.0,
            result.annotations());
    return 0;
  }
}
