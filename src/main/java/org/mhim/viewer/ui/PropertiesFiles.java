package org.mhim.viewer.ui;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import org.mhim.viewer.io.AtomicFiles;

/** Writes the app's small settings files: Java properties in UTF-8, atomically. */
final class PropertiesFiles {

  private PropertiesFiles() {}

  /**
   * @param what what the file holds, for the error message ("settings", "the model list")
   * @throws UncheckedIOException naming the file when it cannot be written
   */
  static void write(Properties properties, Path file, String comment, String what) {
    StringWriter text = new StringWriter();
    try {
      properties.store(text, comment);
      AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save " + what + " in " + file + ": " + e.getMessage(), e);
    }
  }
}
