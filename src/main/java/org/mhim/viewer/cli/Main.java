package org.mhim.viewer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./mhimview}: one picocli command per job. */
@Command(
    name = "mhimview",
    mixinStandardHelpOptions = true,
    version = "MHIM Viewer 0.1.0",
    description = "Whole-slide image viewer with an integrated MHIM-MIL model.",
    subcommands = {CommandLine.HelpCommand.class, PredictCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and the tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main());
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }
}
