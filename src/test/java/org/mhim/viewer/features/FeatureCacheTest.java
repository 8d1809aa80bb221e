package org.mhim.viewer.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureCacheTest {

  @TempDir Path dir;

  @Test
  void theKeyFollowsTheSlideTheEncoderAndTheParameters() throws IOException {
    Path slide = dir.resolve("s.svs");
    Files.write(slide, new byte[3 << 20]);
    Files.setLastModifiedTime(slide, FileTime.fromMillis(1_700_000_000_000L));
    SlideIdentity identity = SlideIdentity.of(slide);
    String key = FeatureCache.key(identity, "stain-texture-v1", "20x 256");
    assertEquals(key, FeatureCache.key(SlideIdentity.of(slide), "stain-texture-v1", "20x 256"));
    assertNotEquals(key, FeatureCache.key(identity, "resnet50-trunc", "20x 256"));
    assertNotEquals(key, FeatureCache.key(identity, "stain-texture-v1", "10x 256"));
    // Same size and time, other header bytes: another slide.
    byte[] other = new byte[3 << 20];
    other[100] = 1;
    Files.write(slide, other);
    Files.setLastModifiedTime(slide, FileTime.fromMillis(1_700_000_000_000L));
    assertNotEquals(identity, SlideIdentity.of(slide));
    Files.setLastModifiedTime(slide, FileTime.fromMillis(1_700_000_001_000L));
    assertNotEquals(SlideIdentity.of(slide).modifiedMillis(), identity.modifiedMillis());
  }

  @Test
  void storesAndReturnsBagsAndTreatsADamagedEntryAsMissing() throws IOException {
    FeatureCache cache = new FeatureCache(dir.resolve("cache"));
    FeatureBag bag = FeatureBagH5Test.randomBag("slide-e", 6, 4, 5);
    assertTrue(cache.get("k1", "slide-e").isEmpty());
    cache.put("k1", bag);
    FeatureBag back = cache.get("k1", "slide-e").orElseThrow();
    assertArrayEquals(bag.features(), back.features());
    assertTrue(cache.get("k2", "slide-e").isEmpty());
    Files.writeString(dir.resolve("cache/k1/slide-e.h5"), "damaged");
    assertTrue(cache.get("k1", "slide-e").isEmpty());
  }
}
