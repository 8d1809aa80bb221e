package org.mhim.viewer.mil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens a model from what a user points at: a bundle folder, or a reference checkpoint and its config. */
public final class ModelFiles {

  /** The config looked for beside a reference checkpoint when none is given. */
  public static final String DEFAULT_CONFIG = "config.json";

  private ModelFiles() {}

  /**
   * Opens {@code model}: a {@link ModelBundle} folder, a reference checkpoint ({@code .pt}) whose
   * hyperparameters come from {@code config}, or else from {@code config.json} beside it, or
   * {@value ModelLocator#DEMO} for the demo bundle (unless a file of that name is there).
   *
   * @param config a reference-style config.json, or null
   */
  public static MhimModel open(Path model, Path config, WeightsChoice choice) throws IOException {
    model = located(model);
    if (ModelBundle.isBundle(model)) {
      if (config != null) {
        throw new IOException(model + ": a bundle carries its own config; drop the model config");
      }
      return ModelBundle.load(model, choice);
    }
    if (Files.isDirectory(model)) {
      throw new IOException(model + ": not a model bundle (no " + ModelBundle.MANIFEST + ")");
    }
    if (!Files.isRegularFile(model)) {
      throw new IOException(model + ": no such model file or bundle");
    }
    Path cfg = config != null ? config : model.toAbsolutePath().resolveSibling(DEFAULT_CONFIG);
    if (!Files.isRegularFile(cfg)) {
      throw new IOException(
          model + ": a reference checkpoint needs its config.json (none at " + cfg + "; pass one)");
    }
    return ReferenceCheckpoints.load(model, MhimConfig.read(cfg), choice);
  }

  /**
   * Where {@code model} is: the demo bundle for {@value ModelLocator#DEMO} (unless a file of that
   * name is there), else {@code model} itself.
   *
   * @throws IOException when the demo model is asked for and not installed
   */
  public static Path located(Path model) throws IOException {
    if (ModelLocator.DEMO.equals(model.toString()) && !Files.exists(model)) {
      try {
        return ModelLocator.resolve(ModelLocator.DEMO);
      } catch (IllegalArgumentException notInstalled) {
        throw new IOException(notInstalled.getMessage(), notInstalled);
      }
    }
    return model;
  }
}
