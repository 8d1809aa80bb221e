package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CpuPriorityTest {

  /** The calling thread's nice value as the kernel reports it (field 19 of its stat line). */
  static int niceOfThisThread() {
    try {
      String stat = Files.readString(Path.of("/proc/thread-self/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Integer.parseInt(fields[19 - 3]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void lowersOnlyTheCallingThread() throws Exception {
    assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux"));
    int before = niceOfThisThread();
    assumeTrue(before < 10, "the test JVM already runs at nice " + before);
    AtomicReference<Boolean> lowered = new AtomicReference<>();
    AtomicInteger niceInside = new AtomicInteger(-100);
    Thread worker = new Thread(() -> {
      lowered.set(CpuPriority.lowerCurrentThread(10));
      niceInside.set(niceOfThisThread());
    });
    worker.start();
    worker.join();
    assertTrue(lowered.get());
    assertEquals(10, niceInside.get());
    assertEquals(before, niceOfThisThread(), "the caller's own thread keeps its priority");
  }

  @Test
  void refusesValuesOutsideTheNiceRange() {
    assertThrows(IllegalArgumentException.class, () -> CpuPriority.lowerCurrentThread(20));
    assertThrows(IllegalArgumentException.class, () -> CpuPriority.lowerCurrentThread(-1));
  }
}
