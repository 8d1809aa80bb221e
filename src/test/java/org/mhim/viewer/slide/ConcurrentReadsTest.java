package org.mhim.viewer.slide;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many threads on one slide: the same pixels as one thread, and close() never pulls the rug. */
class ConcurrentReadsTest {

  private static final int THREADS = 8;

  @TempDir static Path work;
  private static Path slide;

  @BeforeAll
  static void makeSlide() throws Exception {
    slide = TestSlides.demo(work, "shared.tif", 2000, 1600);
  }

  private record Request(long x, long y, int level, int size) {}

  private static List<Request> requests(int count) {
    SplittableRandom random = new SplittableRandom(9);
    List<Request> requests = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int level = random.nextInt(3);
      requests.add(new Request(random.nextInt(1900), random.nextInt(1500), level,
          64 + random.nextInt(192)));
    }
    return requests;
  }

  @Test
  void eightThreadsReadTheSamePixelsAsOne() throws Exception {
    List<Request> requests = requests(200);
    try (SlideImage image = SlideImage.open(slide)) {
      List<int[]> sequential = new ArrayList<>();
      for (Request r : requests) {
        sequential.add(image.readRegion(r.x(), r.y(), r.level(), r.size(), r.size()).pixels());
      }
      try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<int[]>> parallel = new ArrayList<>();
        // Every thread walks the whole list from a different start, so reads of the same tiles overlap.
        for (int t = 0; t < THREADS; t++) {
          int offset = t * requests.size() / THREADS;
          parallel.add(pool.submit(() -> {
            start.await();
            int[] mismatches = new int[1];
            for (int k = 0; k < requests.size(); k++) {
              int i = (k + offset) % requests.size();
              Request r = requests.get(i);
              int[] pixels = image.readRegion(r.x(), r.y(), r.level(), r.size(), r.size()).pixels();
              if (!Arrays.equals(sequential.get(i), pixels)) {
                mismatches[0]++;
              }
            }
            return mismatches;
          }));
        }
        start.countDown();
        for (Future<int[]> result : parallel) {
          assertArrayEquals(new int[] {0}, result.get(120, TimeUnit.SECONDS));
        }
      }
    }
  }

  @Test
  void closingDuringReadsIsSafe() throws Exception {
    List<Request> requests = requests(2000);
    for (int round = 0; round < 3; round++) {
      SlideImage image = SlideImage.open(slide);
      AtomicInteger succeeded = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      List<Throwable> unexpected = Collections.synchronizedList(new ArrayList<>());
      CountDownLatch reading = new CountDownLatch(THREADS);
      try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
        for (int t = 0; t < THREADS; t++) {
          int offset = t * 37;
          pool.submit(() -> {
            reading.countDown();
            for (int k = 0; k < requests.size(); k++) {
              Request r = requests.get((k + offset) % requests.size());
              try {
                ArgbImage region = image.readRegion(r.x(), r.y(), r.level(), r.size(), r.size());
                assertEquals(r.size() * r.size(), region.pixels().length);
                succeeded.incrementAndGet();
              } catch (SlideException e) {
                if (!e.getMessage().endsWith(": closed")) {
                  unexpected.add(e);
                }
                refused.incrementAndGet();
              } catch (Throwable e) {
                unexpected.add(e);
              }
            }
          });
        }
        reading.await();
        Thread.sleep(20 + round * 10);
        image.close();
      }
      assertTrue(unexpected.isEmpty(), "only 'closed' may fail a read: " + unexpected);
      assertTrue(image.isClosed());
      assertEquals(THREADS * requests.size(), succeeded.get() + refused.get());
      assertTrue(refused.get() > 0, "some reads came after close");
    }
  }
}
