package org.mhim.viewer.slide;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Explains why a file cannot be a slide, in words a user can act on. OpenSlide itself only says
 * "not recognised" for most of these, so the obvious cases are checked here before and after it.
 */
final class SlideFileCheck {

  private SlideFileCheck() {}

  /** Problems visible without reading the file as a slide: missing, a directory, unreadable, empty. */
  static Optional<String> beforeOpening(Path path) {
    if (!Files.exists(path)) {
      return Optional.of("no such file");
    }
    if (Files.isDirectory(path)) {
      return Optional.of("is a directory, not a slide file");
    }
    if (!Files.isRegularFile(path)) {
      return Optional.of("is not a regular file");
    }
    if (!Files.isReadable(path)) {
      return Optional.of("cannot be read (permission denied)");
    }
    try {
      if (Files.size(path) == 0) {
        return Optional.of("is empty (0 bytes), not a slide");
      }
    } catch (IOException e) {
      return Optional.of("cannot be read: " + e.getMessage());
    }
    return Optional.empty();
  }

  /** Why OpenSlide did not recognise a readable, non-empty file: what the file looks like instead. */
  static String unrecognised(Path path) {
    byte[] head;
    long size;
    try (InputStream in = Files.newInputStream(path)) {
      head = in.readNBytes(16);
      size = Files.size(path);
    } catch (IOException e) {
      return "cannot be read: " + e.getMessage();
    }
    Optional<Long> firstDirectory = tiffFirstDirectory(head);
    if (firstDirectory.isPresent()) {
      long offset = firstDirectory.get();
      if (offset <= 0 || offset >= size) {
        return "is a truncated or damaged TIFF: its first directory (at byte "
            + offset
            + ") lies outside the file ("
            + size
            + " bytes)";
      }
      return "is a TIFF that OpenSlide cannot read as a slide: it is damaged or truncated, or it"
          + " is not a tiled pyramid";
    }
    return "is not a slide format OpenSlide recognises (" + describe(head) + ")";
  }

  /** The first-IFD offset when {@code head} starts a classic or Big TIFF. */
  private static Optional<Long> tiffFirstDirectory(byte[] head) {
    if (head.length < 8) {
      return Optional.empty();
    }
    ByteOrder order;
    if (head[0] == 'I' && head[1] == 'I') {
      order = ByteOrder.LITTLE_ENDIAN;
    } else if (head[0] == 'M' && head[1] == 'M') {
      order = ByteOrder.BIG_ENDIAN;
    } else {
      return Optional.empty();
    }
    ByteBuffer buffer = ByteBuffer.wrap(head).order(order);
    int magic = Short.toUnsignedInt(buffer.getShort(2));
    if (magic == 42) {
      return Optional.of(Integer.toUnsignedLong(buffer.getInt(4)));
    }
    if (magic == 43 && head.length >= 16) {
      return Optional.of(buffer.getLong(8));
    }
    return Optional.empty();
  }

  private static String describe(byte[] head) {
    if (startsWith(head, 0x89, 'P', 'N', 'G')) {
      return "it is a PNG image";
    }
    if (startsWith(head, 0xFF, 0xD8, 0xFF)) {
      return "it is a JPEG image";
    }
    if (startsWith(head, 'P', 'K', 3, 4)) {
      return "it is a ZIP archive";
    }
    if (startsWith(head, '%', 'P', 'D', 'F')) {
      return "it is a PDF document";
    }
    return "it starts with bytes "
        + HexFormat.ofDelimiter(" ").formatHex(head, 0, Math.min(8, head.length));
  }

  private static boolean startsWith(byte[] head, int... prefix) {
    if (head.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((head[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
