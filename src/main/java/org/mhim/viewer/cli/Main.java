package org.mhim.viewer.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mhim.viewer.slide.DemoSlides;
import org.mhim.viewer.slide.SlideImage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Entry point of {@code ./mhimview}: one picocli command per job. */
@Command(
    name = "mhimview",
    mixinStandardHelpOptions = true,
    version = "MHIM Viewer 0.1.0",
    description = {
      "Whole-slide image viewer with an integrated MHIM-MIL model.",
      "Without a command: makes the demo slide on first use and shows its info."
    },
    subcommands = {
      CommandLine.HelpCommand.class,
      InfoCommand.class,
      RegionCommand.class,
      DemoSlideCommand.class,
      TissueCommand.class,
      ExtractCommand.class,
      PredictCommand.class,
      TrainCommand.class,
      EvaluateCommand.class,
      MakeDemoModelCommand.class
    })
public final class Main implements Callable<Integer> {

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and the tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main()).setExecutionExceptionHandler(new UserErrorHandler());
  }

  /** Until the viewer lands: the default demo slide (made on first use) and its info. */
  @Override
  public Integer call() throws Exception {
    Path demo = DemoSlides.defaultPath();
    if (!Files.isRegularFile(demo)) {
      spec.commandLine().getErr().println("mhimview: making the demo slide " + demo + " (once) …");
      spec.commandLine().getErr().flush();
    }
    demo = DemoSlides.ensureDefault();
    try (SlideImage slide = SlideImage.open(demo)) {
      InfoCommand.print(slide.metadata(), false, spec.commandLine().getOut());
    }
    return 0;
  }
}
