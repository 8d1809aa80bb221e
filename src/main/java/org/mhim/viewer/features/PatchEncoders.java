package org.mhim.viewer.features;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens an encoder by name: a built-in id, or the path of a TorchScript file with its sidecar. */
public final class PatchEncoders {

  private PatchEncoders() {}

  /** The encoder used when none is named. */
  public static final String DEFAULT = StainTextureEncoder.ID;

  /**
   * Opens {@code name} on {@code device}.
   *
   * @throws EncoderException when it is neither a built-in encoder nor a loadable TorchScript file
   */
  public static PatchEncoder open(String name, Device device) {
    if (StainTextureEncoder.ID.equals(name)) {
      return new StainTextureEncoder(device);
    }
    Path file = Path.of(name);
    if (Files.isRegularFile(file)) {
      return TorchScriptEncoder.load(file, device);
    }
    throw new EncoderException(
        file, "no such encoder: give " + StainTextureEncoder.ID + " or the path of a TorchScript .pt file");
  }

  /** The id {@code name} will have once opened, without loading a model (for cache look-ups). */
  public static String idOf(String name) {
    if (StainTextureEncoder.ID.equals(name)) {
      return name;
    }
    return EncoderSidecar.read(EncoderSidecar.sidecarOf(Path.of(name))).id();
  }
}
