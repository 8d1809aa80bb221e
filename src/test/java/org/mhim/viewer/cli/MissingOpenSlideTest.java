package org.mhim.viewer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without OpenSlide the CLI says what to install instead of failing with a linkage error. Runs in
 * a fresh JVM told to look for a library that does not exist (the library loads once per JVM).
 */
class MissingOpenSlideTest {

  @Test
  void namesTheDebianPackageAndTheInstallCommand(@TempDir Path dir) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Dmhim.openslide.library=libopenslide-missing.so.0",
                "-cp",
                System.getProperty("java.class.path"),
                "org.mhim.viewer.cli.Main",
                "demo-slide",
                dir.resolve("x.tif").toString(),
                "--width",
                "300",
                "--height",
                "200")
            .start();
    // Writing needs no OpenSlide; reading it back does.
    assertTrue(process.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(),
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    Process info =
        new ProcessBuilder(
                java.toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Dmhim.openslide.library=libopenslide-missing.so.0",
                "-cp",
                System.getProperty("java.class.path"),
                "org.mhim.viewer.cli.Main",
                "info",
                dir.resolve("x.tif").toString())
            .start();
    String err = new String(info.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(info.waitFor(120, TimeUnit.SECONDS));
    assertEquals(1, info.exitValue(), err);
    assertTrue(err.startsWith("mhimview: OpenSlide (libopenslide-missing.so.0) is not installed"), err);
    assertTrue(err.contains("libopenslide0"), err);
    assertTrue(err.contains("sudo apt-get install -y libopenslide0"), err);
    assertFalse(err.contains("Exception"), err);
  }
}
