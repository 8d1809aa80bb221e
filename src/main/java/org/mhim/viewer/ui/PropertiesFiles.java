package org.mhim.viewer.ui;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.mhim.viewer.io.AtomicFiles;

/** The app's small settings files: Java properties in UTF-8, written atomically. */
final class PropertiesFiles {

  private PropertiesFiles() {}

  /**
   * The file's properties; empty when it is missing or cannot be read or parsed — a damaged
   * settings file must not stop the viewer from starting, so callers fall back to defaults.
   */
  static Optional<Properties> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
    return Optional.of(properties);
  }

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
