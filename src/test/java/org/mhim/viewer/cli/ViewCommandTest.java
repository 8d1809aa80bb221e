package org.mhim.viewer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mhim.viewer.ui.ViewRequest;
import picocli.CommandLine;

/** The view command's options become the right request, and mistakes are caught before any window. */
class ViewCommandTest {

  @TempDir Path dir;

  private ViewCommand parse(String... args) {
    ViewCommand command = new ViewCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void screenshotOptionsBecomeTheRequest() throws Exception {
    Path slide = Files.createFile(dir.resolve("s.tif"));
    ViewRequest r = parse(slide.toString(), "--screenshot", "out.png", "--center", "1200, 800",
        "--downsample", "4", "--size", "900x600").request();
    ViewRequest.Screenshot s = r.screenshot().orElseThrow();
    assertEquals(1200, s.centerX().getAsDouble());
    assertEquals(800, s.centerY().getAsDouble());
    assertEquals(4, s.downsample().getAsDouble());
    assertTrue(s.magnification().isEmpty());
    assertEquals(900, s.width());
    assertEquals(Path.of("out.png"), s.output());
  }

  @Test
  void mistakesAreUsageErrors() throws Exception {
    Path slide = Files.createFile(dir.resolve("s.tif"));
    assertThrows(ViewCommand.UsageException.class, () -> parse(dir.resolve("missing.svs").toString()).request());
    assertThrows(ViewCommand.UsageException.class, () -> parse(slide.toString(), "--center", "1,2").request());
    assertThrows(ViewCommand.UsageException.class,
        () -> parse(slide.toString(), "--screenshot", "o.png", "--center", "12").request());
    assertThrows(ViewCommand.UsageException.class,
        () -> parse(slide.toString(), slide.toString(), "--screenshot", "o.png").request());
    assertThrows(ViewCommand.UsageException.class,
        () -> parse(slide.toString(), "--screenshot", "o.png", "--downsample", "-1").request());
  }

  @Test
  void magnificationAndDownsampleExcludeEachOther() throws Exception {
    Path slide = Files.createFile(dir.resolve("s.tif"));
    StringWriter err = new StringWriter();
    int code = new CommandLine(new ViewCommand()).setErr(new PrintWriter(err))
        .execute(slide.toString(), "--screenshot", "o.png", "--magnification", "10", "--downsample", "2");
    assertEquals(2, code);
    assertTrue(err.toString().contains("mutually exclusive"), err.toString());
  }
}
