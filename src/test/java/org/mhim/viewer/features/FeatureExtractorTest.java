package org.mhim.viewer.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mhim.viewer.slide.ArgbImage;
import org.mhim.viewer.slide.CountingRegionSource;
import org.mhim.viewer.slide.RegionSource;
import org.mhim.viewer.slide.SlideException;
import org.mhim.viewer.slide.SlideImage;
import org.mhim.viewer.slide.SlideMetadata;
import org.mhim.viewer.tissue.PatchGrid;

class FeatureExtractorTest {

  private static final int READERS = 2;

  @TempDir Path dir;

  private static FeatureExtractor.Builder extractor() {
    return FeatureExtractor.builder()
        .setEncoder(new StainTextureEncoder(Device.cpu()))
        .optBatchSize(8)
        .optReaderThreads(READERS);
  }

  @Test
  void encodesEveryTissuePatchInGridOrderWithProgress() throws IOException {
    Path slidePath = TestSlides.small("extract-a", 11);
    List<ExtractionProgress> events = new CopyOnWriteArrayList<>();
    try (FeatureExtractor extractor = extractor().build(); SlideImage slide = SlideImage.open(slidePath)) {
      PatchGrid grid = extractor.grid(slide);
      FeatureBag bag = extractor.extract(slide, "extract-a", events::add, new Cancellation());
      assertTrue(grid.count() > 4, "the demo slide has tissue patches: " + grid.count());
      assertEquals(grid.count(), bag.count());
      assertArrayEquals(grid.coordinates(), bag.coords());
      assertEquals(StainTextureEncoder.featureNames().size(), bag.dim());
      assertEquals(new BagAttributes(256, 0, 256, 20, "stain-texture-v1"), bag.attributes());
      // Features land by patch index: patch 3 encoded alone gives the same row.
      byte[] rgb = SlideImage.toRgbOverWhite(slide.readRegion(bag.x(3), bag.y(3), 0, 256, 256));
      assertArrayEquals(extractor.encoder().encode(List.of(rgb), 256)[0], bag.row(3), 1e-5f);
      ExtractionProgress last = events.getLast();
      assertEquals(bag.count(), last.done());
      assertEquals(bag.count(), last.total());
      assertTrue(events.size() >= 2);
    }
  }

  @Test
  void cancellingStopsTheReadersAndReturnsNothing() throws Exception {
    Path slidePath = TestSlides.medium();
    Cancellation cancellation = new Cancellation();
    List<Thread> before = pipelineThreads();
    try (SlideImage slide = SlideImage.open(slidePath)) {
      // Slow reads (200 ms each) and a short queue make the whole run take many seconds.
      CountingRegionSource slow = new CountingRegionSource(slide, 200);
      FeatureExtractor extractor =
          extractor().optQueueCapacity(8).optCache(new FeatureCache(dir.resolve("cache"))).build();
      int[] readsAtCancel = new int[1];
      long[] cancelledAt = new long[1];
      ExtractionListener cancelAfterFirstBatch =
          p -> {
            if (p.done() > 0 && !cancellation.isCancelled()) {
              readsAtCancel[0] = slow.reads();
              cancelledAt[0] = System.nanoTime();
              cancellation.cancel();
            }
          };
      int total = extractor.grid(slide).count();
      CancellationException e =
          assertThrows(CancellationException.class, () -> extractor.extract(slow, "medium", cancelAfterFirstBatch, cancellation));
      double seconds = (System.nanoTime() - cancelledAt[0]) / 1e9;
      int readsAfter = slow.reads() - readsAtCancel[0];
      // Each reader finishes at most the read it is in and does not start another.
      assertTrue(readsAfter <= READERS, readsAfter + " reads started after cancelling (" + seconds + " s)");
      assertTrue(slow.reads() < total, "stopped before the end");
      assertTrue(e.getMessage().contains("medium"), e.getMessage());
      closesLeavingNoCacheEntryAndNoThread(extractor, before);
    }
  }

  @Test
  void cancellingDuringTissueDetectionStopsBeforeAnyPatchIsRead() throws Exception {
    Path slidePath = TestSlides.medium();
    Cancellation cancellation = new Cancellation();
    List<Thread> before = pipelineThreads();
    try (SlideImage slide = SlideImage.open(slidePath)) {
      CountingRegionSource counting = new CountingRegionSource(slide, 0);
      // The request arrives while the detector reads the slide (the first read of the run).
      RegionSource cancelOnFirstRead =
          new RegionSource() {
            @Override
            public SlideMetadata metadata() {
              return slide.metadata();
            }

            @Override
            public ArgbImage readRegion(long x, long y, int level, int width, int height) {
              cancellation.cancel();
              return counting.readRegion(x, y, level, width, height);
            }
          };
      FeatureExtractor extractor = extractor().optCache(new FeatureCache(dir.resolve("cache"))).build();
      CancellationException e =
          assertThrows(
              CancellationException.class,
              () -> extractor.extract(cancelOnFirstRead, "medium", ExtractionListener.none(), cancellation));
      assertTrue(e.getMessage().contains(slidePath.toString()), e.getMessage());
      assertEquals(1, counting.reads(), "only the tissue read under way when cancelled, no patch");
      closesLeavingNoCacheEntryAndNoThread(extractor, before);
    }
  }

  /** After a cancelled run: close() leaves no partial cache entry and no extractor thread alive. */
  private void closesLeavingNoCacheEntryAndNoThread(FeatureExtractor extractor, List<Thread> before) throws IOException {
    extractor.close();
    assertFalse(Files.exists(dir.resolve("cache")) && hasFiles(dir.resolve("cache")), "no partial cache entry");
    List<Thread> after = pipelineThreads();
    after.removeAll(before);
    assertEquals(List.of(), after, "no extractor thread outlives close()");
  }

  @Test
  void aSecondExtractionOfTheSameSlideComesFromTheCache() throws IOException {
    Path slidePath = TestSlides.small("extract-b", 12);
    FeatureCache cache = new FeatureCache(dir.resolve("cache"));
    try (FeatureExtractor extractor = extractor().optCache(cache).build(); SlideImage slide = SlideImage.open(slidePath)) {
      CountingRegionSource first = new CountingRegionSource(slide, 0);
      FeatureBag bag = extractor.extract(first, "extract-b", ExtractionListener.none(), new Cancellation());
      assertTrue(first.reads() >= bag.count());
      CountingRegionSource second = new CountingRegionSource(slide, 0);
      FeatureBag again = extractor.extract(second, "extract-b", ExtractionListener.none(), new Cancellation());
      assertEquals(0, second.reads(), "a cache hit reads no pixels");
      assertArrayEquals(bag.features(), again.features());
      assertArrayEquals(bag.coords(), again.coords());
      assertEquals(bag.attributes(), again.attributes());
    }
    // Another encoder id is another key.
    try (FeatureExtractor other =
            FeatureExtractor.builder()
                .setEncoder(new StainTextureEncoder(Device.cpu()))
                .optGridSettings(org.mhim.viewer.tissue.PatchGridSettings.defaults().withPatchSize(128))
                .optCache(cache)
                .build();
        SlideImage slide = SlideImage.open(slidePath)) {
      CountingRegionSource third = new CountingRegionSource(slide, 0);
      other.extract(third, "extract-b", ExtractionListener.none(), new Cancellation());
      assertTrue(third.reads() > 0, "other grid parameters miss the cache");
    }
  }

  @Test
  void aFailingReadIsReportedWithTheSlideAndPatch() throws IOException {
    Path slidePath = TestSlides.small("extract-a", 11);
    try (FeatureExtractor extractor = extractor().build(); SlideImage slide = SlideImage.open(slidePath)) {
      PatchGrid grid = extractor.grid(slide);
      RegionSource failing =
          new RegionSource() {
            @Override
            public SlideMetadata metadata() {
              return slide.metadata();
            }

            @Override
            public ArgbImage readRegion(long x, long y, int level, int width, int height) {
              if (x == grid.x(2) && y == grid.y(2)) {
                throw new SlideException(slidePath, "JPEG data is truncated");
              }
              return slide.readRegion(x, y, level, width, height);
            }
          };
      ExtractionException e =
          assertThrows(
              ExtractionException.class,
              () -> extractor.extract(failing, "extract-a", grid, ExtractionListener.none(), new Cancellation()));
      assertTrue(e.getMessage().startsWith(slide.metadata().path() + ": cannot read the patch"), e.getMessage());
      assertTrue(e.getMessage().contains("(" + grid.x(2) + ", " + grid.y(2) + ")"), e.getMessage());
      assertTrue(e.getMessage().contains("truncated"), e.getMessage());
      // The extractor is still usable afterwards.
      assertEquals(grid.count(), extractor.extract(slide, "extract-a", grid, ExtractionListener.none(), new Cancellation()).count());
    }
  }

  private static List<Thread> pipelineThreads() {
    List<Thread> threads = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && (t.getName().startsWith("mhim-patch-reader") || t.getName().startsWith("mhim-encoder"))) {
        threads.add(t);
      }
    }
    return threads;
  }

  private static boolean hasFiles(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.anyMatch(Files::isRegularFile);
    }
  }
}
