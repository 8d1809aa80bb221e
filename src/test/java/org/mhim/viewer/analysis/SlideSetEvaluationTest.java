package org.mhim.viewer.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mhim.viewer.features.Cancellation;
import org.mhim.viewer.features.FeatureCache;
import org.mhim.viewer.mil.ModelLocator;
import org.mhim.viewer.train.DatasetException;
import org.mhim.viewer.train.SlideTrainingTest;

/** The demo model on six labelled real demo slides: scored as Analyze predicts them, problems named first. */
class SlideSetEvaluationTest {

  @TempDir Path dir;

  private SlideSetEvaluation.Request request(Path labels) {
    return new SlideSetEvaluation.Request(labels, dir.resolve("slides"), ModelLocator.resolve(ModelLocator.DEMO),
        dir.resolve("cache"));
  }

  @Test
  void everySlideIsPredictedAsAnalyzePredictsItAndScored() throws Exception {
    Path labels = SlideTrainingTest.labelledSlides(dir);
    List<String> seen = new ArrayList<>();
    SlideSetEvaluation.Result result = SlideSetEvaluation.run(request(labels),
        (id, slide, slides, share) -> seen.add(slide + "/" + slides), new Cancellation());
    assertEquals(6, result.slides().size());
    assertEquals(6, result.metrics().n());
    assertEquals(List.of("normal", "tumor"), result.classNames());
    assertTrue(seen.contains("1/6") && seen.contains("6/6"), seen.toString());

    // The first slide as the viewer's Analyze action predicts it, through the same cache.
    SlideSetEvaluation.SlideOutcome first = result.slides().getFirst();
    try (SlideAnalyzer analyzer = SlideAnalyzer.builder().setModel(ModelLocator.resolve(ModelLocator.DEMO))
        .optCache(new FeatureCache(dir.resolve("cache"))).build()) {
      SlideResult analysed = analyzer.analyze(dir.resolve("slides").resolve(first.slideId() + ".tif"),
          p -> {}, new Cancellation());
      assertArrayEquals(analysed.slideProbabilities(), first.probabilities());
      assertEquals(analysed.predictedClass(), first.predicted());
    }

    Path csv = dir.resolve("out").resolve("evaluation.csv");
    Files.createDirectories(csv.getParent());
    result.writeCsv(csv);
    List<String> lines = Files.readAllLines(csv);
    assertEquals("slide_id,label,predicted,p_normal,p_tumor", lines.getFirst());
    assertEquals(7, lines.size());
    assertTrue(lines.get(1).startsWith(first.slideId() + ","), lines.get(1));
  }

  @Test
  void labelsTheModelDoesNotKnowAndMissingSlidesAreNamedBeforeAnyWork() throws Exception {
    Path labels = SlideTrainingTest.labelledSlides(dir);
    Files.writeString(labels, "ghost,tumor\nwizard-0,necrosis\n", StandardOpenOption.APPEND);
    DatasetException e = assertThrows(DatasetException.class,
        () -> SlideSetEvaluation.run(request(labels), (id, slide, slides, share) -> {}, new Cancellation()));
    assertTrue(e.getMessage().contains("necrosis"), e.getMessage());
    assertTrue(Files.notExists(dir.resolve("cache")), "no slide read");

    Files.writeString(labels, Files.readString(labels).replace("wizard-0,necrosis\n", ""));
    DatasetException missing = assertThrows(DatasetException.class,
        () -> SlideSetEvaluation.run(request(labels), (id, slide, slides, share) -> {}, new Cancellation()));
    assertEquals(List.of("no slide file named ghost.* in " + dir.resolve("slides")), missing.problems());
  }

  @Test
  void aCancelledRunStops() throws Exception {
    Path labels = SlideTrainingTest.labelledSlides(dir);
    Cancellation cancellation = new Cancellation();
    assertThrows(CancellationException.class, () -> SlideSetEvaluation.run(request(labels),
        (id, slide, slides, share) -> cancellation.cancel(), cancellation));
  }
}
