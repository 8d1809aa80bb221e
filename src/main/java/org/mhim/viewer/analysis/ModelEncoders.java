package org.mhim.viewer.analysis;

import ai.djl.Device;
import java.nio.file.Path;
import org.mhim.viewer.features.PatchEncoder;
import org.mhim.viewer.features.PatchEncoders;
import org.mhim.viewer.features.StainTextureEncoder;
import org.mhim.viewer.mil.EncoderInfo;
import org.mhim.viewer.mil.ModelManifest;
import org.mhim.viewer.tissue.PatchGridSettings;

/**
 * What a model bundle needs from feature extraction: the encoder its manifest names (or the one the
 * user gives, if it agrees) and the patch grid at the manifest's magnification and patch size.
 */
final class ModelEncoders {

  private ModelEncoders() {}

  /**
   * Opens the encoder for {@code manifest}'s model: {@code override} (a built-in id or a TorchScript
   * file) when given, else the encoder the manifest names, which must then be built in.
   *
   * @throws AnalysisException naming the model when the encoder is unknown or disagrees with it
   */
  static PatchEncoder open(Path bundle, ModelManifest manifest, String override, Device device) {
    String wanted = manifest.encoder().id();
    String name = override != null ? override : wanted != null ? wanted : PatchEncoders.DEFAULT;
    if (override == null && !StainTextureEncoder.ID.equals(name)) {
      throw new AnalysisException(
          bundle,
          "the model takes features of the encoder '" + name + "', which is not built in; give its"
              + " TorchScript file with --encoder PATH.pt");
    }
    PatchEncoder encoder = PatchEncoders.open(name, device);
    try {
      check(bundle, manifest, encoder);
      return encoder;
    } catch (RuntimeException e) {
      encoder.close();
      throw e;
    }
  }

  private static void check(Path bundle, ModelManifest manifest, PatchEncoder encoder) {
    String wanted = manifest.encoder().id();
    if (wanted != null && !wanted.equals(encoder.id())) {
      throw new AnalysisException(
          bundle,
          "the model was trained on features of '" + wanted + "', not of '" + encoder.id() + "'");
    }
    int inputDim = manifest.config().inputDim();
    if (encoder.outputDim() != inputDim) {
      throw new AnalysisException(
          bundle,
          "the encoder '" + encoder.id() + "' gives " + encoder.outputDim()
              + " features per patch, the model takes " + inputDim);
    }
  }

  /** The grid the model's patches were cut on: its magnification and patch size, else 20×, 256 px. */
  static PatchGridSettings grid(ModelManifest manifest) {
    EncoderInfo info = manifest.encoder();
    PatchGridSettings settings = PatchGridSettings.defaults();
    if (info.magnification() != null) {
      settings = settings.withMagnification(info.magnification());
    }
    if (info.patchSize() != null) {
      settings = settings.withPatchSize(info.patchSize());
    }
    return settings;
  }
}
