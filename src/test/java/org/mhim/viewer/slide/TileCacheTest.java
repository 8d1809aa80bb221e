package org.mhim.viewer.slide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TileCacheTest {

  private static final long TILE_BYTES = 4L * 16 * 16;

  private static TileKey key(String source, int x) {
    return new TileKey(source, 0, x, 0, 16, 16);
  }

  private static ArgbImage tile(int value) {
    int[] pixels = new int[256];
    Arrays.fill(pixels, value);
    return new ArgbImage(16, 16, pixels);
  }

  @Test
  void evictsTheLeastRecentlyUsedTileToStayWithinItsBytes() {
    TileCache cache = new TileCache(3 * TILE_BYTES);
    for (int x = 0; x < 3; x++) {
      int value = x;
      cache.get(key("s", x), () -> tile(value));
    }
    assertEquals(3 * TILE_BYTES, cache.stats().bytes());
    cache.get(key("s", 0), () -> tile(-1)); // touch 0: now 1 is the eldest
    cache.get(key("s", 3), () -> tile(3));
    assertTrue(cache.getIfPresent(key("s", 0)).isPresent());
    assertFalse(cache.getIfPresent(key("s", 1)).isPresent(), "least recently used went first");
    assertTrue(cache.getIfPresent(key("s", 2)).isPresent());
    assertTrue(cache.getIfPresent(key("s", 3)).isPresent());
    CacheStats stats = cache.stats();
    assertEquals(1, stats.evictions());
    assertEquals(3, stats.entries());
    assertEquals(3 * TILE_BYTES, stats.bytes());
    assertEquals(3 * TILE_BYTES, stats.maxBytes());
    assertEquals(1, stats.hits());
    assertEquals(4, stats.misses());
    assertEquals(0, cache.get(key("s", 0), () -> tile(-1)).pixels()[0], "the cached value, not a reload");
  }

  @Test
  void oneTileIsLoadedOnceHoweverManyAskAtOnce() throws Exception {
    TileCache cache = new TileCache(1 << 20);
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch loaderStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    int askers = 8;
    try (ExecutorService pool = Executors.newFixedThreadPool(askers)) {
      List<Future<ArgbImage>> results = new ArrayList<>();
      for (int i = 0; i < askers; i++) {
        results.add(pool.submit(() -> cache.get(key("s", 7), () -> {
          loads.incrementAndGet();
          loaderStarted.countDown();
          await(release);
          return tile(7);
        })));
      }
      assertTrue(loaderStarted.await(10, TimeUnit.SECONDS));
      // Let every asker reach the cache while the first load is still running.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (cache.stats().hits() < askers - 1 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      release.countDown();
      ArgbImage first = results.getFirst().get(10, TimeUnit.SECONDS);
      for (Future<ArgbImage> result : results) {
        assertSame(first, result.get(10, TimeUnit.SECONDS));
      }
    }
    assertEquals(1, loads.get());
    assertEquals(1, cache.stats().misses());
    assertEquals(askers - 1, cache.stats().hits());
  }

  @Test
  void aFailedLoadReachesEveryWaiterAndIsNotCached() throws Exception {
    TileCache cache = new TileCache(1 << 20);
    CountDownLatch loaderStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      List<Future<ArgbImage>> results = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        results.add(pool.submit(() -> cache.get(key("s", 1), () -> {
          loaderStarted.countDown();
          await(release);
          throw new SlideException(Path.of("broken.svs"), "tile 1 is corrupt");
        })));
      }
      assertTrue(loaderStarted.await(10, TimeUnit.SECONDS));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (cache.stats().hits() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      release.countDown();
      for (Future<ArgbImage> result : results) {
        ExecutionException e =
            assertThrows(ExecutionException.class, () -> result.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof SlideException, e.getCause().toString());
        assertTrue(e.getCause().getMessage().contains("tile 1 is corrupt"));
      }
    }
    assertFalse(cache.getIfPresent(key("s", 1)).isPresent());
    assertEquals(7, cache.get(key("s", 1), () -> tile(7)).pixels()[0], "a later ask loads again");
    assertEquals(2, cache.stats().misses());
  }

  @Test
  void invalidateDropsOneSourceOnly() {
    TileCache cache = new TileCache(1 << 20);
    cache.get(key("a", 0), () -> tile(1));
    cache.get(key("a", 1), () -> tile(2));
    cache.get(key("b", 0), () -> tile(3));
    cache.invalidate("a");
    assertFalse(cache.getIfPresent(key("a", 0)).isPresent());
    assertFalse(cache.getIfPresent(key("a", 1)).isPresent());
    assertTrue(cache.getIfPresent(key("b", 0)).isPresent());
    assertEquals(1, cache.stats().entries());
    assertEquals(TILE_BYTES, cache.stats().bytes());
  }

  @Test
  void aTileLargerThanTheCacheIsReturnedButNotKept() {
    TileCache cache = new TileCache(TILE_BYTES / 2);
    assertEquals(5, cache.get(key("s", 0), () -> tile(5)).pixels()[0]);
    assertEquals(0, cache.stats().entries());
    assertThrows(IllegalArgumentException.class, () -> new TileCache(0));
    assertEquals(512L << 20, new TileCache().stats().maxBytes());
  }

  @Test
  void cachesRealTilesOfASlide(@TempDir Path dir) throws Exception {
    Path slide = TestSlides.demo(dir, "cached.tif", 800, 600);
    TileCache cache = new TileCache(1 << 20);
    try (SlideImage image = SlideImage.open(slide)) {
      TileKey key = new TileKey(image.id(), 0, 256, 256, 256, 256);
      ArgbImage first = cache.get(key, () -> image.readRegion(256, 256, 0, 256, 256));
      ArgbImage second = cache.get(key, () -> image.readRegion(256, 256, 0, 256, 256));
      assertSame(first, second);
      assertEquals(Arrays.hashCode(image.readRegion(256, 256, 0, 256, 256).pixels()),
          Arrays.hashCode(first.pixels()));
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(10, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
