package org.mhim.viewer.features;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/** Picks the device encoders run on. */
public final class Devices {

  private Devices() {}

  /** The first GPU when DJL's PyTorch engine sees one, else the CPU. */
  public static Device best() {
    return Engine.getEngine("PyTorch").getGpuCount() > 0 ? Device.gpu() : Device.cpu();
  }

  /**
   * {@code cpu}, {@code gpu} (the first GPU; an error when there is none) or {@code auto}
   * ({@link #best()}).
   */
  public static Device parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "cpu" -> Device.cpu();
      case "gpu", "cuda" -> {
        if (Engine.getEngine("PyTorch").getGpuCount() == 0) {
          throw new IllegalArgumentException("no GPU is visible to PyTorch here; use --device cpu");
        }
        yield Device.gpu();
      }
      case "auto" -> best();
      default -> throw new IllegalArgumentException("device must be cpu, gpu or auto, not '" + name + "'");
    };
  }
}
