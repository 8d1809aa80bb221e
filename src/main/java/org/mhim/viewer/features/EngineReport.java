package org.mhim.viewer.features;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.cuda.CudaUtils;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the PyTorch engine runs on here: which libtorch was loaded from where, and the devices it
 * sees. Users check it before asking for {@code --device gpu}.
 *
 * @param libtorchVersion the libtorch version DJL loaded (e.g. 2.7.1)
 * @param libtorchDir the folder the native libraries came from
 * @param gpuCount the CUDA devices libtorch sees (0 with the bundled CPU build)
 * @param defaultDevice where models and encoders run when nothing is asked
 * @param gpus one line per GPU: index and memory
 */
public record EngineReport(
    String libtorchVersion, Path libtorchDir, int gpuCount, Device defaultDevice, List<String> gpus) {

  public EngineReport {
    gpus = List.copyOf(gpus);
  }

  /** Loads the engine (if not yet loaded) and reads what it sees. */
  public static EngineReport current() {
    Engine engine = Engine.getEngine("PyTorch");
    int count = engine.getGpuCount();
    List<String> gpus = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      var memory = CudaUtils.getGpuMemory(Device.gpu(i));
      gpus.add("gpu(" + i + "): " + memory.getMax() / (1L << 20) + " MiB");
    }
    return new EngineReport(
        engine.getVersion(), Path.of(LibUtils.getLibtorchPath()), count, Devices.best(), gpus);
  }
}
