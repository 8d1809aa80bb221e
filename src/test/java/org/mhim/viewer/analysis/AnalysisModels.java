package org.mhim.viewer.analysis;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.mhim.viewer.features.StainTextureEncoder;
import org.mhim.viewer.mil.ActivationKind;
import org.mhim.viewer.mil.AggregatorKind;
import org.mhim.viewer.mil.EncoderInfo;
import org.mhim.viewer.mil.MhimConfig;
import org.mhim.viewer.mil.MhimNetwork;
import org.mhim.viewer.mil.ModelBundle;
import org.mhim.viewer.mil.ModelManifest;
import org.mhim.viewer.mil.StateDicts;

/**
 * Small real model bundles for the pipeline tests: AB-MIL with randomly initialised student and
 * teacher (different weights, so teacher scores differ from the student's), saved with
 * {@link ModelBundle}. The tests check the pipeline, not accuracy.
 */
public final class AnalysisModels {

  private AnalysisModels() {}

  /** An AB-MIL bundle taking {@code inputDim} features of {@code encoderId} at 20×, 256 px. */
  public static Path randomAbmil(Path dir, String encoderId, int inputDim) throws IOException {
    MhimConfig config =
        new MhimConfig(AggregatorKind.ABMIL, inputDim, 32, List.of("Normal", "Tumor"), ActivationKind.RELU,
            ActivationKind.GELU, 8, 0f, 0f, 0.05, 0.0, false, 2, 0.9, 0.8, 0.1, 0.5, 0.9997);
    ModelManifest manifest =
        ModelManifest.of(config, new EncoderInfo(encoderId, 256, 20.0), Map.of("dataset", "none (random weights)"));
    try (NDManager manager = NDManager.newBaseManager()) {
      MhimNetwork student = MhimNetwork.of(config);
      student.initialize(manager, DataType.FLOAT32, new Shape(1, inputDim));
      MhimNetwork teacher = MhimNetwork.of(config);
      teacher.initialize(manager, DataType.FLOAT32, new Shape(1, inputDim));
      ModelBundle.save(dir, manifest, StateDicts.export(student), StateDicts.export(teacher));
    }
    return dir;
  }

  /** {@link #randomAbmil} for the built-in encoder. */
  public static Path randomAbmil(Path dir) throws IOException {
    return randomAbmil(dir, StainTextureEncoder.ID, StainTextureEncoder.describe().outputDim());
  }
}
