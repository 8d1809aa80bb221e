package org.mhim.viewer.features.torch;

import java.nio.file.Path;

/**
 * A checkpoint whose pickle names a global outside the allow-list (for example {@code os.system}).
 * Such a file could run code under Python's {@code torch.load}; here it is refused before anything is
 * built from it.
 */
public final class UnsafeCheckpointException extends CheckpointFormatException {

  private final String forbiddenGlobal;

  public UnsafeCheckpointException(Path file, String forbiddenGlobal) {
    super(
        file,
        "refused: the checkpoint's pickle names the global '"
            + forbiddenGlobal
            + "', which a state_dict never needs (the file may be malicious; nothing was executed)");
    this.forbiddenGlobal = forbiddenGlobal;
  }

  /** The forbidden global as {@code module.name}. */
  public String forbiddenGlobal() {
    return forbiddenGlobal;
  }
}
