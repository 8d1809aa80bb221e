package org.mhim.viewer.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir Path dir;

  @Test
  void writesNewFileAndReplacesOldOne() throws IOException {
    Path target = dir.resolve("sub/out.bin");
    AtomicFiles.write(target, new byte[] {1, 2, 3});
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
    AtomicFiles.write(target, new byte[] {4});
    assertArrayEquals(new byte[] {4}, Files.readAllBytes(target));
    assertEquals(List.of(target), listing(target.getParent()));
    assertEquals("rw-r--r--",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
  }

  @Test
  void failedWriteKeepsOldContentAndLeavesNoTemporaryFile() throws IOException {
    Path target = dir.resolve("out.txt");
    Files.writeString(target, "old");
    IOException thrown =
        assertThrows(
            IOException.class,
            () ->
                AtomicFiles.writeStream(
                    target,
                    out -> {
                      out.write("half".getBytes());
                      throw new IOException("disk full");
                    }));
    assertEquals("disk full", thrown.getMessage());
    assertEquals("old", Files.readString(target));
    assertEquals(List.of(target), listing(dir));
  }

  private static List<Path> listing(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.toList();
    }
  }

  /** /proc refuses new files even to root, as a read-only folder would to a user. */
  @Test
  void aFolderThatRefusesFilesIsNamedWithTheFileAskedFor() {
    Path target = Path.of("/proc", "mhim-atomic-test.txt");
    FileSystemException e = assertThrows(FileSystemException.class, () -> AtomicFiles.write(target, new byte[] {1}));
    assertEquals(target.toString(), e.getFile());
    assertTrue(e.getReason().startsWith("cannot write in /proc"), e.getReason());
  }
}
