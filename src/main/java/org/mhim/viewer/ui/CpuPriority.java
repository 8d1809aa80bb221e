package org.mhim.viewer.ui;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.Optional;

/**
 * Lowers the CPU priority of the calling thread, so that background work (tile decoding) runs in
 * the time the interactive threads (JavaFX, rendering, the frame composer) leave over. Java thread
 * priorities do nothing on Linux; the kernel's per-thread nice value does, and an unprivileged
 * thread may raise its own (never lower it again). Linux only, through libc's {@code gettid} and
 * {@code setpriority}; elsewhere, or when libc refuses, the thread keeps its priority: a slower
 * pan is no reason to fail.
 */
final class CpuPriority {

  /** {@code PRIO_PROCESS}: with a thread id, {@code setpriority} applies to that one thread on Linux. */
  private static final int PRIO_PROCESS = 0;

  private static final Optional<Calls> CALLS = bind();

  private record Calls(MethodHandle gettid, MethodHandle setpriority) {}

  private CpuPriority() {}

  /**
   * Sets the calling thread's nice value to {@code nice} (0 normal, 19 lowest).
   *
   * @return whether it did (false off Linux, or when the thread already ran lower: an unprivileged
   *     thread cannot go back up)
   */
  static boolean lowerCurrentThread(int nice) {
    if (nice < 0 || nice > 19) {
      throw new IllegalArgumentException("nice value " + nice + " is outside 0–19");
    }
    if (CALLS.isEmpty()) {
      return false;
    }
    try {
      int tid = (int) CALLS.get().gettid().invokeExact();
      return (int) CALLS.get().setpriority().invokeExact(PRIO_PROCESS, tid, nice) == 0;
    } catch (Throwable e) {
      return false; // the thread keeps its priority
    }
  }

  private static Optional<Calls> bind() {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
      // setpriority(PRIO_PROCESS, …) names the whole process on other systems.
      return Optional.empty();
    }
    try {
      Linker linker = Linker.nativeLinker();
      var libc = linker.defaultLookup();
      var gettid = libc.find("gettid");
      var setpriority = libc.find("setpriority");
      if (gettid.isEmpty() || setpriority.isEmpty()) {
        return Optional.empty(); // a libc older than glibc 2.30
      }
      return Optional.of(new Calls(
          linker.downcallHandle(gettid.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT)),
          linker.downcallHandle(setpriority.get(),
              FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT))));
    } catch (RuntimeException | LinkageError e) {
      return Optional.empty(); // native access not enabled, or no usable libc
    }
  }
}
