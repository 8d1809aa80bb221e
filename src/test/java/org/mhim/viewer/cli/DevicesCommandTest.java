package org.mhim.viewer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.mhim.viewer.features.EngineReport;

class DevicesCommandTest {

  @Test
  void reportNamesTheLoadedLibtorchAndAConsistentDefaultDevice() {
    EngineReport report = EngineReport.current();
    assertTrue(report.libtorchVersion().matches("\\d+\\.\\d+\\.\\d+.*"), report.libtorchVersion());
    assertTrue(
        Files.isRegularFile(report.libtorchDir().resolve(System.mapLibraryName("torch"))),
        "no libtorch in " + report.libtorchDir());
    assertEquals(report.gpuCount(), report.gpus().size());
    assertEquals(report.gpuCount() > 0 ? Device.gpu() : Device.cpu(), report.defaultDevice());
  }

  @Test
  void commandPrintsTheReport() {
    EngineReport report = EngineReport.current();
    CliRun run = CliRun.of("devices");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("libtorch " + report.libtorchVersion() + " from " + report.libtorchDir()), run.out());
    assertTrue(run.out().contains("GPUs: " + report.gpuCount()), run.out());
    assertTrue(run.out().contains("default device: " + report.defaultDevice()), run.out());
    if (report.gpuCount() == 0) {
      assertTrue(run.out().contains("docs/gpu.md"), run.out());
    }
  }
}
