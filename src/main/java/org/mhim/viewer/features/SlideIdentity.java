package org.mhim.viewer.features;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Recognises a slide file without reading all of it: its size, modification time and a SHA-256 of
 * its first mebibyte (the header, where formats keep their directory of tiles).
 */
public record SlideIdentity(long size, long modifiedMillis, String headSha256) {

  static final int HEAD_BYTES = 1 << 20;

  /** Identifies the slide file at {@code path}. */
  public static SlideIdentity of(Path path) throws IOException {
    long size = Files.size(path);
    long modified = Files.getLastModifiedTime(path).toMillis();
    MessageDigest sha = sha256();
    try (InputStream in = Files.newInputStream(path)) {
      sha.update(in.readNBytes(HEAD_BYTES));
    }
    return new SlideIdentity(size, modified, HexFormat.of().formatHex(sha.digest()));
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
