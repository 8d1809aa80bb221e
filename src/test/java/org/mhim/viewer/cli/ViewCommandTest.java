package org.mhim.viewer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
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

  /**
   * A screenshot run of a file that is no slide ends with one line naming the file, and nothing
   * else: the error notification has no window on screen to show over. In a fresh JVM, started as
   * the launcher starts it (JavaFX on the module path), on the display the tests run on.
   */
  @Test
  void aScreenshotOfAFileThatIsNoSlideEndsWithOneLineNamingIt() throws Exception {
    Path notes = Files.writeString(dir.resolve("notes.tif"), "not a slide\n");
    List<String> classPath = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
    String fx = classPath.stream().filter(ViewCommandTest::isJavaFx).collect(Collectors.joining(File.pathSeparator));
    String rest = classPath.stream().filter(e -> !isJavaFx(e)).collect(Collectors.joining(File.pathSeparator));
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", fx, "--add-modules", "javafx.controls,javafx.swing",
                "--enable-native-access=ALL-UNNAMED,javafx.graphics", "-Dai.djl.offline=true",
                "-cp", rest, "org.mhim.viewer.cli.Main",
                "view", notes.toString(), "--screenshot", dir.resolve("never.png").toString())
            .start();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS));
    assertEquals(1, process.exitValue(), err);
    assertTrue(err.startsWith("mhimview: " + notes + ": is not a slide format"), err);
    assertEquals(1, err.lines().count(), err);
    assertTrue(Files.notExists(dir.resolve("never.png")));
  }

  private static boolean isJavaFx(String classPathEntry) {
    return Path.of(classPathEntry).getFileName().toString().startsWith("javafx-");
  }
}
