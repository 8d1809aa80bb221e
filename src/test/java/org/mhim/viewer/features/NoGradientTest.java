package org.mhim.viewer.features;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class NoGradientTest {

  @Test
  void turnsRecordingOffOnAWorkerThreadAndRestoresIt() throws Exception {
    Engine.getInstance();
    // A fresh thread starts with libtorch's default, recording on: the case predict must handle.
    boolean[] seen =
        CompletableFuture.supplyAsync(
                () -> {
                  boolean before = JniUtils.isGradMode();
                  boolean inside;
                  try (NoGradient _ = NoGradient.enter()) {
                    inside = JniUtils.isGradMode();
                  }
                  return new boolean[] {before, inside, JniUtils.isGradMode()};
                },
                r -> new Thread(r).start())
            .get();
    assertTrue(seen[0], "a new thread records gradients by default");
    assertFalse(seen[1], "no recording inside the region");
    assertTrue(seen[2], "the thread's mode is restored");
  }
}
