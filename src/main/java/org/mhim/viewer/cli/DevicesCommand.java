package org.mhim.viewer.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.mhim.viewer.features.EngineReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mhimview devices}: the libtorch in use and the devices it sees. */
@Command(
    name = "devices",
    mixinStandardHelpOptions = true,
    description = {
      "Shows which libtorch the PyTorch engine loaded, from where, and the devices it sees"
          + " (extraction, predict and training use the first GPU when there is one).",
      "The bundled libtorch is the CPU build. For an NVIDIA GPU, unpack a CUDA build of libtorch"
          + " 2.7.1 and set PYTORCH_LIBRARY_PATH=<libtorch>/lib PYTORCH_VERSION=2.7.1"
          + " PYTORCH_FLAVOR=cu128 before starting mhimview (docs/gpu.md)."
    })
public final class DevicesCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    EngineReport report = EngineReport.current();
    PrintWriter out = spec.commandLine().getOut();
    out.println("libtorch " + report.libtorchVersion() + " from " + report.libtorchDir());
    out.println("GPUs: " + report.gpuCount());
    report.gpus().forEach(g -> out.println("  " + g));
    out.println("default device: " + report.defaultDevice());
    if (report.gpuCount() == 0) {
      out.println(
          "No GPU is visible: everything runs on the CPU. To use an NVIDIA GPU see docs/gpu.md.");
    }
    return 0;
  }
}
