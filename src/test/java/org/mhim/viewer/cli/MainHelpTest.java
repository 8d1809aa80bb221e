package org.mhim.viewer.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command list of {@code mhimview --help} shows each command's first description line. */
class MainHelpTest {

  @Test
  void everyCommandsFirstDescriptionLineIsAWholeSentence() {
    CommandLine main = Main.commandLine();
    main.getSubcommands().forEach((name, command) -> {
      String[] description = command.getCommandSpec().usageMessage().description();
      assertTrue(description.length > 0, name + " has no description");
      String first = description[0].strip();
      assertTrue(first.endsWith("."), name + ": the list would show \"" + first + "\"");
    });
  }
}
