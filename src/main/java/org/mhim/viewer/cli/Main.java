package org.mhim.viewer.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./mhimview}: one picocli command per job. */
@Command(
    name = "mhimview",
    mixinStandardHelpOptions = true,
    version = "MHIM Viewer 0.1.0",
    description = {
      "Whole-slide image viewer with an integrated MHIM-MIL model.",
      "Without a command: opens the viewer on the demo slide (made on first use)."
    },
    subcommands = {
      CommandLine.HelpCommand.class,
      ViewCommand.class,
      InfoCommand.class,
      RegionCommand.class,
      DemoSlideCommand.class,
      TissueCommand.class,
      ExtractCommand.class,
      PredictCommand.class,
      TrainCommand.class,
      EvaluateCommand.class,
      ModelInfoCommand.class,
      AnalyzeCommand.class,
      MakeDemoModelCommand.class,
      DevicesCommand.class
    })
public final class Main implements Callable<Integer> {


  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and the tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main()).setExecutionExceptionHandler(new UserErrorHandler())
        .setCaseInsensitiveEnumValuesAllowed(true); // --channel saturation as well as SATURATION
  }

  /** No command: the viewer on the demo slide (generated on first use, off the JavaFX thread). */
  @Override
  public Integer call() {
    ViewCommand view = new ViewCommand();
    view.demo = true;
    return view.call();
  }
}
