package org.mhim.viewer.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes files so that readers see either the old file or the complete new one, never a part:
 * the content goes to a temporary file beside the target, which is then renamed over it.
 */
public final class AtomicFiles {

  /** Writes a file given its temporary path (for libraries that want a path, not a stream). */
  @FunctionalInterface
  public interface PathWriter {
    void writeTo(Path temporary) throws IOException;
  }

  /** Writes through a stream. */
  @FunctionalInterface
  public interface StreamWriter {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /** Runs {@code writer} on a temporary file beside {@code target}, then moves it into place. */
  public static void writeFile(Path target, PathWriter writer) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    Path temporary;
    try {
      temporary = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".part");
    } catch (FileSystemException e) {
      // Name what the user asked for, not the hidden temporary file.
      throw new FileSystemException(absolute.toString(), null,
          "cannot write in " + dir + (e.getReason() != null ? " (" + e.getReason() + ")" : ""));
    }
    try {
      writer.writeTo(temporary);
      share(temporary, "rw-r--r--");
      moveIntoPlace(temporary, absolute);
    } catch (IOException | RuntimeException | Error e) {
      Files.deleteIfExists(temporary);
      throw e;
    }
  }

  /** Writes {@code target} from a stream, atomically. */
  public static void writeStream(Path target, StreamWriter writer) throws IOException {
    writeFile(
        target,
        temporary -> {
          try (OutputStream out = Files.newOutputStream(temporary)) {
            writer.writeTo(out);
          }
        });
  }

  /** Writes {@code bytes} to {@code target}, atomically. */
  public static void write(Path target, byte[] bytes) throws IOException {
    writeStream(target, out -> out.write(bytes));
  }

  /**
   * A new empty folder beside {@code target}, hidden by its leading dot, to fill and then move into
   * place as a whole; readable by others like an ordinary folder once it is there (a temporary
   * folder is private to its owner).
   */
  public static Path temporaryFolderBeside(Path target) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    Path folder = Files.createTempDirectory(dir, "." + absolute.getFileName() + ".");
    share(folder, "rwxr-xr-x");
    return folder;
  }

  /**
   * Temporary files and folders are private to the owner; what we write is meant to be shared:
   * {@code mode} as an ordinary file or folder has it, where the file system has modes.
   */
  private static void share(Path path, String mode) throws IOException {
    if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
    }
  }

  private static void moveIntoPlace(Path temporary, Path target) throws IOException {
    try {
      Files.move(
          temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      // Same directory, so this only happens on odd file systems; a plain replace is the best left.
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
