package org.mhim.viewer.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mhim.viewer.features.Cancellation;
import org.mhim.viewer.features.FeatureCache;
import org.mhim.viewer.features.TestSlides;

/** Real slides analysed into one folder: each slide's files, a summary kept after every slide, a broken slide named. */
class BatchAnalysisTest {

  @TempDir static Path shared;
  private static Path model;

  @TempDir Path dir;

  @BeforeAll
  static void makeModel() throws IOException {
    model = AnalysisModels.randomAbmil(shared.resolve("model"));
  }

  private SlideAnalyzer analyzer() throws IOException {
    return SlideAnalyzer.builder().setModel(model).optCache(new FeatureCache(dir.resolve("cache"))).build();
  }

  /** Records the batch's events as text. */
  private static BatchAnalysis.Listener recording(List<String> events, Runnable afterEach) {
    return new BatchAnalysis.Listener() {
      @Override
      public AnalysisListener started(Path file, int slide, int slides) {
        events.add("start " + file.getFileName() + " " + slide + "/" + slides);
        return AnalysisListener.none();
      }

      @Override
      public void ended(BatchAnalysis.Outcome outcome) {
        events.add("end " + outcome.slideId() + (outcome.analysed() ? "" : " failed"));
        afterEach.run();
      }
    };
  }

  @Test
  void everySlideIsAnalysedAndSummarisedAndABrokenOneIsNamedWhileTheOthersGoOn() throws IOException {
    Path a = Files.copy(TestSlides.small("batch-a", 31), dir.resolve("a.tif"));
    Path broken = Files.writeString(dir.resolve("broken.svs"), "not a slide at all");
    Path b = Files.copy(TestSlides.small("batch-b", 32), dir.resolve("b.tif"));
    Path out = dir.resolve("out");
    List<String> events = new ArrayList<>();
    BatchAnalysis.Result result;
    try (SlideAnalyzer analyzer = analyzer()) {
      result = BatchAnalysis.run(analyzer, List.of(a, broken, b), out, recording(events, () -> {}), new Cancellation());
    }
    assertFalse(result.stopped());
    assertEquals(List.of("start a.tif 1/3", "end a", "start broken.svs 2/3", "end broken failed", "start b.tif 3/3",
        "end b"), events);
    assertEquals(1, result.failures());
    BatchAnalysis.Outcome failed = result.slides().get(1);
    assertTrue(failed.problem().contains("broken.svs"), failed.problem());
    assertTrue(Float.isNaN(failed.predictedProbability()));

    for (BatchAnalysis.Outcome outcome : List.of(result.slides().get(0), result.slides().get(2))) {
      SlideResult written = new ResultFiles(out, outcome.slideId()).read();
      assertArrayEquals(written.slideProbabilities(), outcome.probabilities());
      assertEquals(written.predictedClass(), outcome.predicted());
      assertEquals(written.instanceCount(), outcome.patches());
      assertEquals(written.instances().hardCount(), outcome.hardInstances());
    }
    assertEquals(List.of("a", "broken", "b"), result.slides().stream().map(BatchAnalysis.Outcome::slideId).toList());

    Path summary = out.resolve(BatchAnalysis.SUMMARY);
    assertEquals(result.csv(), Files.readString(summary));
    List<String> lines = Files.readAllLines(summary);
    assertEquals("slide_id,file,status,predicted,p_Normal,p_Tumor,patches,hard_instances,problem", lines.getFirst());
    assertEquals(4, lines.size());
    BatchAnalysis.Outcome first = result.slides().getFirst();
    assertTrue(lines.get(1).startsWith("a," + a + ",analysed," + List.of("Normal", "Tumor").get(first.predicted()) + ","),
        lines.get(1));
    assertTrue(lines.get(1).endsWith("," + first.patches() + "," + first.hardInstances() + ","), lines.get(1));
    assertTrue(lines.get(2).startsWith("broken," + broken + ",failed,,,,,,"), lines.get(2));
    assertTrue(lines.get(2).contains("broken.svs"), lines.get(2));

    // Read back, the summary lists the same slides, to the digit.
    BatchAnalysis.Result read = BatchAnalysis.readSummary(summary);
    assertEquals(result.csv(), read.csv());
    assertEquals(result.classNames(), read.classNames());
    assertEquals(a, read.slides().getFirst().file());
  }

  @Test
  void aSummaryThatIsNotOneOrIsDamagedIsNamedWithItsLine() throws IOException {
    Path csv = dir.resolve("summary.csv");
    String header = "slide_id,file,status,predicted,p_Normal,p_Tumor,patches,hard_instances,problem\n";
    List<String[]> cases = List.of(
        new String[] {"", csv + ": empty"},
        new String[] {"slide_id,label\n", csv + ": not a batch summary"},
        new String[] {"slide_id,file,status,predicted,Normal,patches,hard_instances,problem\n", "column 'Normal' should be p_<class>"},
        new String[] {header + "a,/a.tif,analysed,Tumor,0.1,0.9,12,1\n", csv + ": line 2: 8 fields, the header has 9"},
        new String[] {header + "a,/a.tif,done,Tumor,0.1,0.9,12,1,\n", csv + ": line 2: status 'done' should be analysed or failed"},
        new String[] {header + "a,/a.tif,analysed,Cancer,0.1,0.9,12,1,\n", "line 2: predicted class 'Cancer' is none of [Normal, Tumor]"},
        new String[] {header + "\na,/a.tif,analysed,Tumor,0.1,high,12,1,\n", csv + ": line 3: a probability or count is not a number"});
    for (String[] c : cases) {
      Files.writeString(csv, c[0]);
      IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> BatchAnalysis.readSummary(csv), c[0]);
      assertTrue(e.getMessage().contains(c[1]), e.getMessage());
    }
  }

  @Test
  void aStoppedBatchKeepsWhatItFinished() throws IOException {
    Path a = Files.copy(TestSlides.small("batch-a", 31), dir.resolve("a.tif"));
    Path b = Files.copy(TestSlides.small("batch-b", 32), dir.resolve("b.tif"));
    Path out = dir.resolve("out");
    Cancellation cancellation = new Cancellation();
    List<String> events = new ArrayList<>();
    BatchAnalysis.Result result;
    try (SlideAnalyzer analyzer = analyzer()) {
      result = BatchAnalysis.run(analyzer, List.of(a, b), out, recording(events, cancellation::cancel), cancellation);
    }
    assertTrue(result.stopped());
    assertEquals(List.of("start a.tif 1/2", "end a"), events);
    assertEquals(2, Files.readAllLines(out.resolve(BatchAnalysis.SUMMARY)).size(), "the header and the slide done");
    assertTrue(Files.notExists(new ResultFiles(out, "b").summaryJson()));
  }

  @Test
  void commasAndQuotesInNamesAndProblemsStayInTheirFields() {
    BatchAnalysis.Outcome odd = BatchAnalysis.Outcome.failed(Path.of("/slides/a,b.svs"), "a \"quoted\" problem,\nover lines");
    String csv = new BatchAnalysis.Result(List.of("x,y", "z"), List.of(odd), false).csv();
    assertEquals("slide_id,file,status,predicted,\"p_x,y\",p_z,patches,hard_instances,problem\n"
        + "\"a,b\",\"/slides/a,b.svs\",failed,,,,,,\"a \"\"quoted\"\" problem, over lines\"\n", csv);
  }

  /** The counts a batch reports, finished and stopped, with and without failed slides. */
  @Test
  void countsNameTheAnalysedAndTheFailedSlides() {
    BatchAnalysis.Outcome ok = new BatchAnalysis.Outcome("a", Path.of("a.svs"), 0, new float[] {0.9f, 0.1f}, 10, 1, null, null);
    BatchAnalysis.Outcome broken = BatchAnalysis.Outcome.failed(Path.of("b.svs"), "not a slide");
    List<String> classes = List.of("normal", "tumour");
    assertEquals("2 of 3 slides analysed (1 failed)", new BatchAnalysis.Result(classes, List.of(ok, ok, broken), false).counts());
    assertEquals("1 of 1 slides analysed", new BatchAnalysis.Result(classes, List.of(ok), false).counts());
    assertEquals("Stopped after 2 slides (1 failed)",
        new BatchAnalysis.Result(classes, List.of(ok, broken), true).stoppedCounts());
    assertEquals("Stopped after 1 slide", new BatchAnalysis.Result(classes, List.of(ok), true).stoppedCounts());
  }
}
