package org.mhim.viewer.analysis;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.mhim.viewer.features.EncoderSidecar;
import org.mhim.viewer.features.PatchEncoder;
import org.mhim.viewer.io.AtomicFiles;
import org.mhim.viewer.mil.ModelBundle;
import org.mhim.viewer.mil.ModelManifest;

/** Puts a model's encoder into its bundle, where every analysis of the model then finds it. */
public final class BundledEncoders {

  private BundledEncoders() {}

  /**
   * Copies {@code encoder} (a TorchScript file with its JSON description beside it) into {@code
   * bundle} as {@code encoder.pt} and {@code encoder.json}, after loading it and checking it against
   * the model as an analysis would (its id, its features per patch); replaces an encoder the bundle
   * had.
   *
   * @throws AnalysisException naming the bundle when the encoder does not fit the model
   * @throws org.mhim.viewer.features.EncoderException naming the file when it is not an encoder
   */
  public static void attach(Path bundle, Path encoder) throws IOException {
    ModelManifest manifest = ModelBundle.readManifest(bundle);
    try (PatchEncoder _ = ModelEncoders.open(bundle, manifest, encoder.toString(), Device.cpu())) {
      // Loaded and checked against the model as an analysis would: it fits.
    }
    // The description first: an encoder.pt without it would fail every analysis until it came.
    copy(EncoderSidecar.sidecarOf(encoder), bundle.resolve(ModelEncoders.BUNDLED_DESCRIPTION));
    copy(encoder, bundle.resolve(ModelEncoders.BUNDLED_ENCODER));
  }

  private static void copy(Path from, Path to) throws IOException {
    AtomicFiles.writeFile(to, temporary -> Files.copy(from, temporary, StandardCopyOption.REPLACE_EXISTING));
  }
}
