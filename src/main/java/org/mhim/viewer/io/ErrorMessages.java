package org.mhim.viewer.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** What a user reads of an error about a file. */
public final class ErrorMessages {

  private ErrorMessages() {}

  /**
   * The error's message, starting with {@code file} unless it names the file already (the slide
   * and dataset errors do); the error's type when it has no message.
   */
  public static String about(Path file, Throwable error) {
    String text = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    Path name = file.getFileName();
    return name != null && text.contains(name.toString()) ? text : file + ": " + text;
  }

  /** The error's message, or when it has none the error itself (its type). */
  public static String of(Throwable error) {
    return error.getMessage() == null ? error.toString() : error.getMessage();
  }

  /** An I/O error as a user reads it: the file and what is wrong with it, not the exception's type. */
  public static String ofIo(IOException e) {
    if (e instanceof NoSuchFileException f) {
      return f.getFile() + ": no such file or directory";
    }
    if (e instanceof AccessDeniedException f) {
      return f.getFile() + ": permission denied";
    }
    if (e instanceof FileSystemException f) {
      return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName());
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
