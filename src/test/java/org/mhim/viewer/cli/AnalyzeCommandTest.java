package org.mhim.viewer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mhim.viewer.analysis.AnalysisModels;
import org.mhim.viewer.analysis.BatchAnalysis;
import org.mhim.viewer.analysis.ResultFiles;
import org.mhim.viewer.analysis.SlideResult;
import org.mhim.viewer.features.TestSlides;

/** {@code analyze} over several slides: a bad one is named, the others complete; bad options stop early. */
class AnalyzeCommandTest {

  @TempDir static Path shared;
  private static Path model;

  @TempDir Path dir;

  @BeforeAll
  static void makeModel() throws IOException {
    model = AnalysisModels.randomAbmil(shared.resolve("model"));
  }

  @Test
  void aCorruptSlideAmongGoodOnesIsNamedWhileTheOthersComplete() throws IOException {
    Path a = Files.copy(TestSlides.small("analyze-a", 21), dir.resolve("a.tif"));
    Path b = Files.copy(TestSlides.small("analyze-b", 22), dir.resolve("b.tif"));
    Path broken = dir.resolve("broken.tif");
    try (InputStream in = Files.newInputStream(a)) {
      Files.write(broken, in.readNBytes(20_000)); // a truncated slide
    }
    Path out = dir.resolve("results");
    CliRun run =
        CliRun.of("analyze", a.toString(), broken.toString(), b.toString(), "--model", model.toString(),
            "--out", out.toString(), "--cache", dir.resolve("cache").toString(), "--device", "cpu",
            "--hard-ratio", "0.2", "--batch-size", "8");

    assertEquals(1, run.exitCode(), run.err());
    assertTrue(run.err().contains("mhimview: " + broken), run.err());
    assertFalse(run.err().contains("\tat org."), "no stack trace for a bad slide:\n" + run.err());
    assertTrue(run.err().contains("patches"), "a progress bar on stderr:\n" + run.err());
    assertTrue(run.err().contains("[3/3] b.tif ["), "each bar says which slide of the batch it is:\n" + run.err());
    assertTrue(run.out().contains("2 of 3 slides analysed (1 failed) into " + out), run.out());
    for (String id : List.of("a", "b")) {
      SlideResult result = new ResultFiles(out, id).read();
      assertEquals(id, result.slideId());
      assertEquals(0.2, result.hardRatio());
      assertEquals((int) Math.ceil(result.instanceCount() * 0.2), result.instances().hardCount());
      assertTrue(Files.isRegularFile(new ResultFiles(out, id).heatmapPng()));
      assertTrue(Files.isRegularFile(new ResultFiles(out, id).geoJson()));
    }
    try (Stream<Path> files = Files.list(out)) {
      assertEquals(9, files.count(), "four files for each good slide, none for the broken one, and the summary");
    }
    List<String> summary = Files.readAllLines(out.resolve(BatchAnalysis.SUMMARY));
    assertEquals(4, summary.size(), summary.toString());
    assertTrue(summary.get(2).startsWith("broken," + broken + ",failed,"), summary.get(2));
    assertTrue(run.out().contains("summary " + out.resolve(BatchAnalysis.SUMMARY)), run.out());
  }

  @Test
  void aFolderStandsForTheSlidesInIt() throws IOException {
    Path slides = Files.createDirectories(dir.resolve("slides"));
    Files.copy(TestSlides.small("analyze-a", 21), slides.resolve("a.tif"));
    Files.copy(TestSlides.small("analyze-b", 22), slides.resolve("b.tif"));
    Files.writeString(slides.resolve("labels.csv"), "slide_id,label\n"); // not a slide: left alone
    Path out = dir.resolve("results");
    CliRun run = CliRun.of("analyze", slides.toString(), "--model", model.toString(), "--out", out.toString(),
        "--cache", dir.resolve("cache").toString(), "--device", "cpu");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("2 of 2 slides analysed into "), run.out());
    List<String> summary = Files.readAllLines(out.resolve(BatchAnalysis.SUMMARY));
    assertEquals(List.of("a", "b"), summary.subList(1, 3).stream().map(line -> line.substring(0, line.indexOf(','))).toList());

    Path empty = Files.createDirectories(dir.resolve("empty"));
    CliRun none = CliRun.of("analyze", empty.toString(), "--model", model.toString(), "--out", out.toString());
    assertEquals(2, none.exitCode(), none.err());
    assertTrue(none.err().startsWith("mhimview: " + empty + ": no slide files in this folder (*.svs, "), none.err());
  }

  @Test
  void aSlideWithoutPixelSizeIsAnalysedAtTheDownsampleGiven() throws IOException {
    Path slide = TestSlides.smallWithoutPixelSize("analyze-a", 21);
    Path out = dir.resolve("out");
    CliRun run = CliRun.of("analyze", slide.toString(), "--model", model.toString(), "--out", out.toString(),
        "--no-cache", "--downsample", "1");
    assertEquals(0, run.exitCode(), run.err());
    SlideResult result = new ResultFiles(out, "analyze-a-no-mpp").read();
    assertTrue(result.instanceCount() > 0, "patches found at the downsample given");
  }

  @Test
  void aMissingModelOrABadRatioIsABadOption() {
    Path slide = dir.resolve("whatever.tif");
    CliRun noModel = CliRun.of("analyze", slide.toString(), "--model", dir.resolve("nowhere").toString(), "--out", dir.toString());
    assertEquals(2, noModel.exitCode());
    assertTrue(noModel.err().startsWith("mhimview: " + dir.resolve("nowhere") + ": no such model folder"), noModel.err());
    Path checkpoint = Path.of(System.getProperty("mhim.shared", "../shared"), "fixtures", "mhim-parity", "abmil",
        "checkpoint.pt");
    CliRun file = CliRun.of("analyze", slide.toString(), "--model", checkpoint.toString(), "--out", dir.toString());
    assertEquals(2, file.exitCode());
    assertTrue(file.err().startsWith("mhimview: " + checkpoint + ": a file, not a model bundle folder"), file.err());
    assertTrue(file.err().contains("Import Reference Checkpoint"), file.err());
    Path same = dir.resolve("elsewhere").resolve("whatever.tif");
    CliRun clash = CliRun.of("analyze", slide.toString(), same.toString(), "--model", model.toString(), "--out", dir.toString());
    assertEquals(2, clash.exitCode());
    assertTrue(clash.err().startsWith("mhimview: slides with the same name would overwrite each other's files in "),
        clash.err());
    CliRun badRatio =
        CliRun.of("analyze", slide.toString(), "--model", model.toString(), "--out", dir.toString(), "--hard-ratio", "1.5");
    assertEquals(2, badRatio.exitCode());
    assertTrue(badRatio.err().startsWith("mhimview: ") && badRatio.err().contains("1.5"), badRatio.err());
  }
}
