package org.mhim.viewer.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mhim.viewer.features.Cancellation;
import org.mhim.viewer.features.FeatureBag;
import org.mhim.viewer.features.FeatureBagH5;
import org.mhim.viewer.features.FeatureCache;
import org.mhim.viewer.features.TestSlides;
import org.mhim.viewer.mil.Bag;
import org.mhim.viewer.mil.HardInstance;
import org.mhim.viewer.mil.MhimModel;
import org.mhim.viewer.mil.ModelBundle;
import org.mhim.viewer.mil.Prediction;
import org.mhim.viewer.mil.WeightsChoice;

/**
 * The whole pipeline on a real 4000 × 3000 demo slide with a real (randomly initialised) AB-MIL
 * bundle and the built-in encoder: the four files, their agreement with {@code predict} on the
 * bag the extraction cached, the cache on a second run, cancellation, a slide without tissue and
 * an encoder that does not fit the model.
 */
class SlideAnalyzerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double RATIO = 0.1;

  @TempDir static Path shared;
  private static Path slide;
  private static Path bundle;
  private static Path sharedCache;
  private static Path sharedOut;
  private static SlideResult firstRun;
  private static final Set<AnalysisPhase> FIRST_RUN_PHASES =
      Collections.synchronizedSet(EnumSet.noneOf(AnalysisPhase.class));

  @TempDir Path dir;

  @BeforeAll
  static void setUp() throws IOException {
    slide = TestSlides.medium();
    bundle = AnalysisModels.randomAbmil(shared.resolve("model"));
    sharedCache = shared.resolve("cache");
    sharedOut = shared.resolve("out");
    try (SlideAnalyzer analyzer = analyzer(sharedCache)) {
      firstRun = analyzer.analyzeTo(slide, sharedOut, p -> FIRST_RUN_PHASES.add(p.phase()), new Cancellation());
    }
  }

  private static SlideAnalyzer analyzer(Path cache) throws IOException {
    return SlideAnalyzer.builder()
        .setModel(bundle)
        .optDevice(Device.cpu())
        .optHardRatio(RATIO)
        .optCache(new FeatureCache(cache))
        .build();
  }

  @Test
  void writesFourFilesThatAgreeWithPredictOnTheCachedBag() throws IOException {
    Path cache = sharedCache;
    Path out = sharedOut;
    assertEquals(EnumSet.allOf(AnalysisPhase.class), FIRST_RUN_PHASES);
    ResultFiles files = ResultFiles.of(out, firstRun);
    for (Path p : List.of(files.summaryJson(), files.instancesCsv(), files.geoJson(), files.heatmapPng())) {
      assertTrue(Files.size(p) > 0, p + " written");
    }
    try (Stream<Path> listed = Files.list(out)) {
      assertEquals(4, listed.count(), "four files and no temporaries");
    }

    // The bag the extraction wrote, through the model directly.
    FeatureBag bag = FeatureBagH5.read(only(cache, ".h5"));
    Prediction expected;
    try (MhimModel model = ModelBundle.load(bundle, WeightsChoice.STUDENT)) {
      expected = model.predict(new Bag(bag.features(), bag.count(), bag.dim()));
    }
    SlideResult reread = files.read();
    Instances rows = reread.instances();
    assertTrue(bag.count() > 20, "a few dozen patches at least, got " + bag.count());
    assertEquals(bag.count(), rows.size(), "one CSV row per instance");
    assertArrayEquals(expected.probabilities(), reread.slideProbabilities());
    assertEquals(expected.predictedClass(), reread.predictedClass());
    int side = Math.toIntExact(bag.attributes().patchSizeLevel0());
    int[] ranks = new int[bag.count()];
    Arrays.fill(ranks, HardInstances.NOT_HARD);
    for (HardInstance h : expected.hardInstances(RATIO)) {
      ranks[h.index()] = h.rank();
    }
    for (int i = 0; i < bag.count(); i++) {
      assertEquals(bag.x(i), rows.x(i));
      assertEquals(bag.y(i), rows.y(i));
      assertEquals(side, rows.width(i));
      assertEquals(side, rows.height(i));
      for (int c = 0; c < 2; c++) {
        assertEquals(expected.instanceProbabilities()[i][c], rows.probability(i, c), "instance " + i);
      }
      assertEquals(expected.teacherScores()[i], rows.score(i), "teacher score of instance " + i);
      assertEquals(expected.attention()[i], rows.attention(i), "attention of instance " + i);
      assertEquals(ranks[i], rows.hardRank(i), "hard rank of instance " + i);
    }
    assertEquals((int) Math.ceil(bag.count() * RATIO), rows.hardCount());

    JsonNode summary = JSON.readTree(files.summaryJson().toFile());
    assertEquals("medium", summary.get("slide_id").asText());
    assertEquals("model", summary.get("model_id").asText());
    assertEquals("stain-texture-v1", summary.get("encoder_id").asText());
    assertEquals(expected.classNames().get(expected.predictedClass()), summary.get("predicted_class").asText());
    assertEquals(bag.count(), summary.get("n_instances").asInt());
    assertEquals(RATIO, summary.get("hard_ratio").asDouble());
    assertFalse(summary.get("not_for_diagnosis").asBoolean());
    for (String phase : List.of("tissue", "grid", "features", "model", "total")) {
      assertTrue(summary.get("timings_ms").has(phase), phase);
    }
    assertTrue(summary.get("timings_ms").get("features").asLong() > 0);

    JsonNode geo = JSON.readTree(files.geoJson().toFile());
    assertEquals("FeatureCollection", geo.get("type").asText());
    int detections = 0;
    int annotations = 0;
    for (JsonNode f : geo.get("features")) {
      assertEquals("Feature", f.get("type").asText());
      String kind = f.get("properties").get("objectType").asText();
      if (kind.equals("detection")) {
        detections++;
        assertEquals("Polygon", f.get("geometry").get("type").asText());
        assertEquals(5, f.get("geometry").get("coordinates").get(0).size(), "a closed rectangle");
        assertTrue(expected.classNames().contains(f.get("properties").get("classification").get("name").asText()));
        assertTrue(f.get("properties").get("measurements").has("prob_Tumor"));
      } else {
        assertEquals("annotation", kind);
        annotations++;
      }
    }
    assertEquals(bag.count(), detections);
    assertTrue(annotations >= 1, "the hard instances as at least one region");
  }

  @Test
  void secondRunReadsTheCacheAndSkipsTissueAndGrid() throws IOException {
    try (SlideAnalyzer analyzer = analyzer(sharedCache)) {
      SlideResult first = firstRun;
      List<AnalysisPhase> phases = Collections.synchronizedList(new ArrayList<>());
      SlideResult second = analyzer.analyze(slide, p -> phases.add(p.phase()), new Cancellation());
      assertFalse(phases.contains(AnalysisPhase.TISSUE));
      assertFalse(phases.contains(AnalysisPhase.GRID));
      assertEquals(0, second.timings().tissueMs());
      assertEquals(0, second.timings().gridMs());
      assertArrayEquals(first.slideProbabilities(), second.slideProbabilities());
      assertArrayEquals(first.instances().scores(), second.instances().scores());
      assertArrayEquals(first.instances().xs(), second.instances().xs());
    }
  }

  @Test
  void cancellingDuringExtractionLeavesNoFilesAndNoCacheEntry() throws IOException {
    Path cache = dir.resolve("cache");
    Path out = dir.resolve("out");
    Cancellation cancellation = new Cancellation();
    try (SlideAnalyzer analyzer =
        SlideAnalyzer.builder().setModel(bundle).optDevice(Device.cpu()).optBatchSize(8).optCache(new FeatureCache(cache)).build()) {
      AnalysisListener cancelMidway =
          p -> {
            if (p.phase() == AnalysisPhase.FEATURES && p.done() > 0) {
              cancellation.cancel();
            }
          };
      assertThrows(CancellationException.class, () -> analyzer.analyzeTo(slide, out, cancelMidway, cancellation));
    }
    assertFalse(Files.exists(out) && hasFiles(out), "no output files");
    assertFalse(Files.exists(cache) && hasFiles(cache), "no cache entry");
  }

  @Test
  void aSlideWithoutTissueIsNamedWithTheProblem() throws Exception {
    Path blank = BlankSlides.glass(dir);
    try (SlideAnalyzer analyzer = analyzer(dir.resolve("cache"))) {
      AnalysisException e =
          assertThrows(AnalysisException.class, () -> analyzer.analyzeTo(blank, dir.resolve("out"), AnalysisListener.none(), new Cancellation()));
      assertTrue(e.getMessage().startsWith(blank.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("no tissue"), e.getMessage());
    }
    assertFalse(Files.exists(dir.resolve("out")) && hasFiles(dir.resolve("out")));
  }

  @Test
  void anEncoderThatDoesNotFitTheModelIsRefused() throws IOException {
    Path wrongDim = AnalysisModels.randomAbmil(dir.resolve("wide"), "stain-texture-v1", 1024);
    AnalysisException dim =
        assertThrows(AnalysisException.class, () -> SlideAnalyzer.builder().setModel(wrongDim).optDevice(Device.cpu()).build());
    assertTrue(dim.getMessage().contains("1024"), dim.getMessage());
    Path otherEncoder = AnalysisModels.randomAbmil(dir.resolve("uni"), "uni-v1", 1024);
    AnalysisException id =
        assertThrows(AnalysisException.class, () -> SlideAnalyzer.builder().setModel(otherEncoder).optDevice(Device.cpu()).build());
    assertTrue(id.getMessage().contains("uni-v1") && id.getMessage().contains("--encoder"), id.getMessage());
    AnalysisException named =
        assertThrows(
            AnalysisException.class,
            () -> SlideAnalyzer.builder().setModel(otherEncoder).optEncoder("stain-texture-v1").optDevice(Device.cpu()).build());
    assertTrue(named.getMessage().contains("'uni-v1', not of 'stain-texture-v1'"), named.getMessage());
  }

  private static boolean hasFiles(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.anyMatch(Files::isRegularFile);
    }
  }

  private static Path only(Path root, String suffix) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      List<Path> found = s.filter(p -> p.toString().endsWith(suffix)).toList();
      assertEquals(1, found.size(), found.toString());
      return found.getFirst();
    }
  }
}
