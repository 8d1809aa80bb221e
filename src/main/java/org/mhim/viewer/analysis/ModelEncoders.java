package org.mhim.viewer.analysis;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.mhim.viewer.features.EncoderSidecar;
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
public final class ModelEncoders {

  private ModelEncoders() {}

  /**
   * The encoder a bundle may carry, beside its weights: a TorchScript file with its JSON description
   * as {@code encoder.json} (see docs/encoders.md), so that the viewer, which asks for no encoder,
   * can analyse slides with a model whose encoder is not built in.
   */
  static final String BUNDLED_ENCODER = "encoder.pt";

  /** Its description's name, as {@link EncoderSidecar} names a TorchScript file's. */
  static final String BUNDLED_DESCRIPTION = EncoderSidecar.sidecarOf(Path.of(BUNDLED_ENCODER)).toString();

  /**
   * The encoder of {@code bundle}'s model as {@link PatchEncoders#open} takes it: the TorchScript file
   * the bundle carries ({@link #BUNDLED_ENCODER}), else the encoder the manifest names (the default
   * when it names none), which must then be built in.
   *
   * @throws AnalysisException naming the model when its encoder is neither carried nor built in
   */
  public static String encoderOf(Path bundle, ModelManifest manifest) {
    Optional<Path> carried = carriedEncoder(bundle);
    if (carried.isPresent()) {
      return carried.get().toString();
    }
    String name = manifest.encoder().id() != null ? manifest.encoder().id() : PatchEncoders.DEFAULT;
    if (!StainTextureEncoder.ID.equals(name)) {
      throw new AnalysisException(
          bundle,
          "the model takes features of the encoder '" + name + "', which is not built in: put its TorchScript"
              + " file and JSON description into the model folder as " + BUNDLED_ENCODER + " and "
              + BUNDLED_DESCRIPTION + " (or give the file with --encoder PATH.pt)");
    }
    return name;
  }

  /** The encoder file {@code bundle} carries ({@link #BUNDLED_ENCODER}), if it carries one. */
  public static Optional<Path> carriedEncoder(Path bundle) {
    Path bundled = bundle.resolve(BUNDLED_ENCODER);
    return Files.isRegularFile(bundled) ? Optional.of(bundled) : Optional.empty();
  }

  /**
   * Opens the encoder for {@code manifest}'s model: {@code override} (a built-in id or a TorchScript
   * file) when given, else {@link #encoderOf} the bundle.
   *
   * @throws AnalysisException naming the model when the encoder is unknown or disagrees with it
   */
  static PatchEncoder open(Path bundle, ModelManifest manifest, String override, Device device) {
    String name = override != null ? override : encoderOf(bundle, manifest);
    boolean carried = override == null && name.equals(bundle.resolve(BUNDLED_ENCODER).toString());
    PatchEncoder encoder = PatchEncoders.open(name, device);
    try {
      check(bundle, manifest, encoder, override == null && !carried);
      return encoder;
    } catch (RuntimeException e) {
      encoder.close();
      throw e;
    }
  }

  /** @param byDefault the encoder is the built-in one, taken because the model names none */
  private static void check(Path bundle, ModelManifest manifest, PatchEncoder encoder, boolean byDefault) {
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
              + " features per patch, the model takes " + inputDim
              + (byDefault
                  ? "; the model does not name its encoder: put it into the model folder as " + BUNDLED_ENCODER
                      + " and " + BUNDLED_DESCRIPTION
                  : ""));
    }
  }

  /** The grid the model's patches were cut on: its magnification and patch size, else 20×, 256 px. */
  public static PatchGridSettings grid(ModelManifest manifest) {
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
