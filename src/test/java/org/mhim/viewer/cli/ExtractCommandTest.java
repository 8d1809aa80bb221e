package org.mhim.viewer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mhim.viewer.features.FeatureBag;
import org.mhim.viewer.features.FeatureDirectory;
import org.mhim.viewer.features.TestSlides;
import org.mhim.viewer.mil.ModelLocator;

class ExtractCommandTest {

  @TempDir Path dir;

  @Test
  void aCorruptSlideInABatchOfThreeIsReportedWhileTheOthersComplete() throws IOException {
    Path a = Files.copy(TestSlides.small("extract-a", 11), dir.resolve("a.tif"));
    Path b = Files.copy(TestSlides.small("extract-b", 12), dir.resolve("b.tif"));
    Path broken = dir.resolve("broken.tif");
    try (InputStream in = Files.newInputStream(a)) {
      Files.write(broken, in.readNBytes(20_000)); // a truncated slide
    }
    Path out = dir.resolve("features");
    Path cache = dir.resolve("cache");
    String[] common = {"--out", out.toString(), "--cache", cache.toString(), "--batch-size", "8", "--device", "cpu"};

    CliRun first = CliRun.of(concat(new String[] {"extract", a.toString(), broken.toString(), b.toString()}, common));
    assertEquals(1, first.exitCode(), first.err());
    assertTrue(first.err().contains("mhimview: " + broken), first.err());
    assertFalse(first.err().contains("\tat org."), "no stack trace for a bad slide:\n" + first.err());
    assertTrue(first.out().contains("2 of 3 slides extracted"), first.out());
    assertTrue(first.err().contains("[3/3] b ["), "each bar says which slide of the batch it is:\n" + first.err());
    FeatureDirectory features = new FeatureDirectory(out);
    assertTrue(features.contains("a") && features.contains("b"));
    assertFalse(Files.exists(features.h5File("broken")) || Files.exists(features.ptFile("broken")));
    FeatureBag bag = features.read("a");
    assertTrue(bag.count() > 0);
    assertEquals("stain-texture-v1", bag.attributes().encoderId());

    // The pt file is the model side's input as it stands: the demo model (trained on
    // stain-texture-v1) reads it and answers as it does from the h5 of the same slide.
    String demoModel = ModelLocator.resolve(ModelLocator.DEMO).toString();
    CliRun fromPt = CliRun.of("predict", "--model", demoModel, "--bag", features.ptFile("a").toString(), "--json");
    CliRun fromH5 = CliRun.of("predict", "--model", demoModel, "--bag", features.h5File("a").toString(), "--json");
    assertEquals(0, fromPt.exitCode(), fromPt.err());
    assertEquals(0, fromH5.exitCode(), fromH5.err());
    assertEquals(fromH5.out(), fromPt.out());
    assertEquals(bag.count(), new ObjectMapper().readTree(fromPt.out()).get("instance_probs").size());

    CliRun second = CliRun.of(concat(new String[] {"extract", a.toString(), b.toString()}, common));
    assertEquals(0, second.exitCode(), second.err());
    assertTrue(second.out().contains("skipping a: already in"), second.out());
    assertTrue(second.out().contains("skipping b: already in"), second.out());
  }

  @Test
  void aSlideGivenTwiceIsExtractedOnceAndTwoOfOneNameAreRefusedBeforeAnyWork() throws IOException {
    Path a = Files.copy(TestSlides.small("extract-a", 11), dir.resolve("a.tif"));
    Path other = Files.createDirectories(dir.resolve("other")).resolve("a.tif");
    Files.copy(TestSlides.small("extract-b", 12), other);
    Path out = dir.resolve("features");
    String[] common = {"--out", out.toString(), "--no-cache", "--batch-size", "8", "--device", "cpu"};

    CliRun clash = CliRun.of(concat(new String[] {"extract", a.toString(), other.toString()}, common));
    assertEquals(2, clash.exitCode(), clash.err());
    assertEquals("mhimview: slides with the same name would overwrite each other's files in " + out + ": " + a
        + ", " + other + " (all 'a'); put them into separate output folders, or rename them", clash.err().strip());
    assertFalse(Files.exists(out), "nothing written");

    CliRun twice = CliRun.of(concat(new String[] {"extract", a.toString(), dir.resolve(".").resolve("a.tif").toString()}, common));
    assertEquals(0, twice.exitCode(), twice.err());
    assertTrue(twice.out().contains(dir.resolve(".").resolve("a.tif") + ": given more than once, extracted once"), twice.out());
    assertTrue(twice.out().contains("1 of 1 slides extracted"), twice.out());
  }

  @Test
  void aSlideWithoutTissueIsNamedAsSuch() throws IOException {
    Path tiny = dir.resolve("tiny.tif");
    assertEquals(0, CliRun.of("demo-slide", tiny.toString(), "--width", "120", "--height", "90").exitCode());
    CliRun run = CliRun.of("extract", tiny.toString(), "--out", dir.resolve("features").toString(), "--no-cache");
    assertEquals(1, run.exitCode(), run.err());
    assertEquals("mhimview: " + tiny + ": no tissue found on the slide, so it has no features to write",
        run.err().strip().lines().reduce((first, last) -> last).orElseThrow());
  }

  @Test
  void aSlideWithoutPixelSizeNeedsTheDownsampleGiven() throws IOException {
    Path slide = TestSlides.smallWithoutPixelSize("extract-a", 11);
    Path out = dir.resolve("features");
    String[] common = {"--out", out.toString(), "--no-cache", "--device", "cpu"};

    CliRun without = CliRun.of(concat(new String[] {"extract", slide.toString()}, common));
    assertEquals(1, without.exitCode(), without.err());
    assertTrue(without.err().contains(slide + ": the slide states neither its pixel size (MPP) nor its objective power")
        && without.err().contains("--downsample D"), without.err());
    CliRun negative = CliRun.of(concat(new String[] {"extract", slide.toString(), "--downsample", "-1"}, common));
    assertEquals(2, negative.exitCode(), negative.err());
    assertEquals("mhimview: --downsample must be positive, not -1.0", negative.err().strip());
    CliRun with = CliRun.of(concat(new String[] {"extract", slide.toString(), "--downsample", "1"}, common));
    assertEquals(0, with.exitCode(), with.err());
    FeatureBag bag = new FeatureDirectory(out).read("extract-a-no-mpp");
    assertTrue(bag.count() > 0);
    assertEquals(256, bag.attributes().patchSizeLevel0(), "256-pixel patches read at level-0 pixels");
  }

  @Test
  void anUnknownEncoderIsABadOption() throws IOException {
    Path a = TestSlides.small("extract-a", 11);
    CliRun run = CliRun.of("extract", a.toString(), "--out", dir.toString(), "--encoder", "nope-v9", "--no-cache");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().startsWith("mhimview: nope-v9: no such encoder"), run.err());
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
