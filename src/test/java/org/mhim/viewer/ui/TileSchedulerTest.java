package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mhim.viewer.slide.TileKey;

class TileSchedulerTest {

  private static TileKey key(int i) {
    return new TileKey("s", 0, i * 512L, 0, 512, 512);
  }

  @Test
  void runsInRequestOrderAndDropsTilesThatLeftTheView() throws Exception {
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<TileKey> loaded = new CopyOnWriteArrayList<>();
    try (TileScheduler scheduler =
        new TileScheduler(
            1,
            k -> {
              if (k.equals(key(0))) {
                firstStarted.countDown();
                await(release);
              }
              loaded.add(k);
            },
            (k, e) -> {})) {
      scheduler.request(List.of(key(0)));
      assertTrue(firstStarted.await(5, TimeUnit.SECONDS));
      // The single worker is busy: queue a view, then replace it with a view that moved on.
      scheduler.request(List.of(key(1), key(2), key(3)));
      scheduler.request(List.of(key(0), key(5), key(3), key(4)));
      assertEquals(List.of(key(5), key(3), key(4)), scheduler.pendingInOrder()); // key 0 is running
      release.countDown();
      waitIdle(scheduler);
      assertEquals(List.of(key(0), key(5), key(3), key(4)), loaded);
    }
  }

  @Test
  void aFailingTileIsReportedAndTheRestStillLoad() throws Exception {
    List<TileKey> loaded = new CopyOnWriteArrayList<>();
    List<TileKey> failed = new CopyOnWriteArrayList<>();
    try (TileScheduler scheduler =
        new TileScheduler(
            2,
            k -> {
              if (k.equals(key(1))) {
                throw new IllegalStateException("unreadable");
              }
              loaded.add(k);
            },
            (k, e) -> failed.add(k))) {
      scheduler.request(List.of(key(0), key(1), key(2)));
      waitIdle(scheduler);
      assertEquals(List.of(key(1)), failed);
      assertEquals(2, loaded.size());
    }
  }

  @Test
  void readsAtFullPriorityUntilToldToYieldThenAtTheLoaderNiceValue() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux"));
    int callerNice = CpuPriorityTest.niceOfThisThread();
    org.junit.jupiter.api.Assumptions.assumeTrue(callerNice < TileScheduler.LOADER_NICE);
    List<Integer> before = new CopyOnWriteArrayList<>();
    List<Integer> after = new CopyOnWriteArrayList<>();
    try (TileScheduler scheduler = new TileScheduler(2, k -> (k.x() < 4 * 512 ? before : after).add(CpuPriorityTest.niceOfThisThread()),
        (k, e) -> {})) {
      scheduler.request(List.of(key(0), key(1), key(2), key(3)));
      waitIdle(scheduler);
      scheduler.yieldToInteractive();
      scheduler.request(List.of(key(4), key(5), key(6), key(7)));
      waitIdle(scheduler);
    }
    assertEquals(List.of(callerNice, callerNice, callerNice, callerNice), before);
    assertEquals(List.of(TileScheduler.LOADER_NICE, TileScheduler.LOADER_NICE, TileScheduler.LOADER_NICE,
        TileScheduler.LOADER_NICE), after);
    assertEquals(callerNice, CpuPriorityTest.niceOfThisThread(), "the caller keeps its priority");
  }

  private static void waitIdle(TileScheduler scheduler) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (scheduler.outstanding() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(0, scheduler.outstanding());
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
