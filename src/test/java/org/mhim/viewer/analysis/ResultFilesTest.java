package org.mhim.viewer.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mhim.viewer.slide.DemoSlideWriter;
import org.mhim.viewer.slide.SlideException;
import org.mhim.viewer.slide.SlideImage;
import org.mhim.viewer.tissue.AnnotationFile;
import org.mhim.viewer.tissue.Polygon;

/** The four per-slide files, from a result over a real demo slide read through OpenSlide. */
class ResultFilesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static DemoSlideWriter.Result demo;
  private static SlideImage slide;
  private static SlideResult result;

  @BeforeAll
  static void writeSlide() throws IOException {
    demo = AnalysisFixtures.demoSlide(dir.resolve("slide"), 2048, 1536);
    slide = SlideImage.open(demo.slide());
    result = AnalysisFixtures.result(slide, demo.annotations(), 128, true);
    assertTrue(result.instanceCount() > 20, "the demo slide has tissue to cover");
    assertTrue(result.instances().hardCount() >= 2);
  }

  @AfterAll
  static void closeSlide() {
    slide.close();
  }

  @Test
  void writesAllFourFilesAndReadsTheResultBack() throws IOException {
    ResultFiles files = ResultFiles.of(dir.resolve("all"), result);
    files.writeAll(result, slide);
    for (Path p : List.of(files.summaryJson(), files.instancesCsv(), files.geoJson(), files.heatmapPng())) {
      assertTrue(Files.size(p) > 0, p + " written");
    }
    assertNotNull(ImageIO.read(files.heatmapPng().toFile()));
    SlideResult back = files.read();
    assertEquals(result.slideId(), back.slideId());
    assertEquals(result.slidePath(), back.slidePath());
    assertEquals(result.modelId(), back.modelId());
    assertEquals(result.encoderId(), back.encoderId());
    assertEquals(result.demoModel(), back.demoModel());
    assertEquals(result.classNames(), back.classNames());
    assertArrayEquals(result.slideProbabilities(), back.slideProbabilities());
    assertArrayEquals(result.slideLogits(), back.slideLogits());
    assertEquals(result.predictedClass(), back.predictedClass());
    assertEquals(result.hardRatio(), back.hardRatio());
    assertEquals(result.timings(), back.timings());
    assertSameInstances(result.instances(), back.instances());
  }

  /**
   * The slide's annotations kept beside it (the demo slide's truth) place the hard instances in the
   * summary; a file beside another slide that is not GeoJSON gives its problem there instead.
   */
  @Test
  void theSummaryPlacesTheHardInstancesAmongTheAnnotationsBesideTheSlide() throws IOException {
    ResultFiles files = ResultFiles.of(dir.resolve("placed"), result);
    files.writeAll(result, slide);
    JsonNode section = JSON.readTree(files.summaryJson().toFile()).get("hard_instances_in_annotations");
    HardInAnnotations expected =
        HardInAnnotations.of(result.instances(), AnnotationFile.read(demo.annotations()).annotations());
    assertEquals(demo.annotations().toString(), section.get("annotations").asText());
    assertEquals(expected.hard(), section.get("n_hard_instances").asInt());
    assertEquals(expected.outside(), section.get("outside").asInt());
    Set<String> names = new HashSet<>();
    section.get("by_class").fieldNames().forEachRemaining(names::add);
    assertEquals(expected.byClass().keySet(), names);
    expected.byClass().forEach((name, count) -> assertEquals(count, section.get("by_class").get(name).asInt(), name));
    assertTrue(expected.byClass().get(AnnotationFile.TUMOR) > 0, "this slide's hard instances include tumour");

    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere")).resolve("other.tif");
    Files.writeString(elsewhere.resolveSibling("other.annotations.geojson"), "{ not json");
    Path json = dir.resolve("problem/demo.json");
    ResultJson.writeWithAnnotations(resultOf(elsewhere), json);
    JsonNode problem = JSON.readTree(json.toFile()).get("hard_instances_in_annotations");
    assertTrue(problem.get("problem").asText().contains("other.annotations.geojson"), problem.toString());
    assertEquals(result.predictedClassName(), JSON.readTree(json.toFile()).get("predicted_class").asText());

    // Results written beside the slides (analyze --out on the slides' folder) are no annotations.
    Path besideResults = Files.createDirectories(dir.resolve("beside")).resolve("third.tif");
    Files.writeString(besideResults.resolveSibling("third.geojson"), "{\"type\": \"FeatureCollection\", \"features\": []}");
    Path thirdJson = dir.resolve("third/demo.json");
    ResultJson.writeWithAnnotations(resultOf(besideResults), thirdJson);
    assertFalse(JSON.readTree(thirdJson.toFile()).has("hard_instances_in_annotations"));
  }

  /** The test's result as if its slide were {@code slide}. */
  private static SlideResult resultOf(Path slide) {
    return new SlideResult(result.slideId(), slide, result.modelId(), result.encoderId(), result.demoModel(),
        result.classNames(), result.slideLogits(), result.slideProbabilities(), result.predictedClass(),
        result.instances(), result.hardRatio(), result.timings());
  }

  @Test
  void summaryNamesThePredictionTheModelAndTheDisclaimer() throws IOException {
    Path path = dir.resolve("summary/demo.json");
    ResultJson.write(result, path);
    JsonNode json = JSON.readTree(path.toFile());
    assertEquals(result.predictedClassName(), json.get("predicted_class").asText());
    assertEquals(result.predictedProbability(), json.get("predicted_probability").floatValue());
    assertEquals(result.slideProbability(0), json.get("class_probabilities").get("Normal").floatValue());
    assertEquals(result.slideProbability(1), json.get("class_probabilities").get("Tumor").floatValue());
    assertEquals("mhim-demo-abmil", json.get("model_id").asText());
    assertEquals("builtin-resnet18", json.get("encoder_id").asText());
    assertTrue(json.get("not_for_diagnosis").asBoolean());
    assertEquals(result.instanceCount(), json.get("n_instances").asInt());
    assertEquals(result.instances().hardCount(), json.get("n_hard_instances").asInt());
    assertEquals(0.1, json.get("hard_ratio").asDouble());
    JsonNode timings = json.get("timings_ms");
    assertEquals(120, timings.get("tissue").asLong());
    assertEquals(15, timings.get("grid").asLong());
    assertEquals(4200, timings.get("features").asLong());
    assertEquals(80, timings.get("model").asLong());
    assertEquals(4415, timings.get("total").asLong());
  }

  @Test
  void csvHasOneRowPerInstanceAndItsValuesRoundTrip() throws IOException {
    Path csv = dir.resolve("csv/demo.instances.csv");
    InstanceCsv.write(result, csv);
    List<String> lines = Files.readAllLines(csv);
    assertEquals("x,y,width,height,prob_Normal,prob_Tumor,score,attention,hard_rank", lines.getFirst());
    assertEquals(result.instanceCount() + 1, lines.size());
    Instances in = result.instances();
    // Row 1 spelled out; hard_rank is empty for instances that are not hard.
    for (int i = 0; i < in.size(); i++) {
      String[] f = lines.get(i + 1).split(",", -1);
      assertEquals(9, f.length);
      assertEquals(in.x(i), Integer.parseInt(f[0]));
      assertEquals(in.probability(i, 1), Float.parseFloat(f[5]));
      assertEquals(in.isHard(i) ? Integer.toString(in.hardRank(i)) : "", f[8]);
    }
    InstanceCsv.Table table = InstanceCsv.read(csv);
    assertEquals(result.classNames(), table.classNames());
    assertSameInstances(in, table.instances());
  }

  @Test
  void csvQuotesClassNamesThatNeedIt() throws IOException {
    List<String> classes = List.of("Normal, benign", "Tumor \"high grade\"");
    Path csv = dir.resolve("csv/quoted.instances.csv");
    InstanceCsv.write(classes, result.instances(), csv);
    assertEquals(classes, InstanceCsv.read(csv).classNames());
  }

  @Test
  void malformedCsvIsRefusedNamingFileLineAndColumn() throws IOException {
    Path csv = dir.resolve("bad/demo.instances.csv");
    InstanceCsv.write(result, csv);
    List<String> lines = new ArrayList<>(Files.readAllLines(csv));
    lines.set(3, lines.get(3).replaceFirst("^[0-9]+", "12a"));
    Files.write(csv, lines);
    IOException e = assertThrows(IOException.class, () -> InstanceCsv.read(csv));
    assertTrue(e.getMessage().contains(csv + ": line 4, column x: '12a' is not an integer"), e.getMessage());

    Files.writeString(csv, "slide_id,label\na,1\n");
    e = assertThrows(IOException.class, () -> InstanceCsv.read(csv));
    assertTrue(e.getMessage().startsWith(csv + ": not an instances CSV"), e.getMessage());

    Files.writeString(csv, "x,y,width,height,prob_A,score,attention,hard_rank\n0,0,256,256,0.5,0.5\n");
    e = assertThrows(IOException.class, () -> InstanceCsv.read(csv));
    assertTrue(e.getMessage().contains("line 2: 6 fields, the header has 8"), e.getMessage());

    Path missing = dir.resolve("bad/none.csv");
    e = assertThrows(IOException.class, () -> InstanceCsv.read(missing));
    assertTrue(e.getMessage().contains(missing + ": no such instances file"), e.getMessage());
  }

  @Test
  void geoJsonHasQuPathsShape() throws IOException {
    Path path = dir.resolve("geo/demo.geojson");
    GeoJsonExporter.writeResult(result, path);
    JsonNode root = JSON.readTree(path.toFile());
    assertEquals("FeatureCollection", root.get("type").asText());
    JsonNode features = root.get("features");
    List<PatchRegions.Region> hard = ThresholdContours.hardRegions(result);
    assertEquals(result.instanceCount() + hard.size(), features.size());
    Instances in = result.instances();
    for (int k = 0; k < features.size(); k++) {
      JsonNode f = features.get(k);
      assertEquals("Feature", f.get("type").asText());
      assertValidPolygon(f.get("geometry"));
      JsonNode props = f.get("properties");
      JsonNode classification = props.get("classification");
      assertTrue(classification.get("name").isTextual());
      JsonNode color = classification.get("color");
      assertEquals(3, color.size());
      for (JsonNode channel : color) {
        assertTrue(channel.isInt() && channel.asInt() >= 0 && channel.asInt() <= 255, "colour " + color);
      }
      JsonNode m = props.get("measurements");
      assertTrue(m.isObject());
      m.properties().forEach(e -> assertTrue(e.getValue().isNumber(), e.getKey() + " is a number"));
      if (k < in.size()) {
        assertEquals("detection", props.get("objectType").asText());
        assertEquals(result.classNames().get(in.mostProbableClass(k)), classification.get("name").asText());
        assertEquals(in.probability(k, 0), m.get("prob_Normal").floatValue());
        assertEquals(in.probability(k, 1), m.get("prob_Tumor").floatValue());
        assertEquals(in.score(k), m.get("score").floatValue());
        assertEquals(in.attention(k), m.get("attention").floatValue());
        assertEquals(in.isHard(k), m.has("hard_rank"));
        if (in.isHard(k)) {
          assertEquals(in.hardRank(k), m.get("hard_rank").asInt());
        }
        JsonNode ring = f.get("geometry").get("coordinates").get(0);
        assertEquals(in.x(k), ring.get(0).get(0).asInt());
        assertEquals(in.y(k), ring.get(0).get(1).asInt());
        assertEquals(in.x(k) + in.width(k), ring.get(2).get(0).asInt());
      } else {
        assertEquals("annotation", props.get("objectType").asText());
        assertEquals(GeoJsonExporter.HARD_INSTANCES, classification.get("name").asText());
        PatchRegions.Region region = hard.get(k - in.size());
        assertEquals(region.size(), m.get("n_instances").asInt());
        assertTrue(m.get("mean_score").asDouble() > 0);
      }
    }
    // Every hard instance lies in exactly one hard region, and the regions hold nothing else.
    Set<Integer> covered = new HashSet<>();
    for (PatchRegions.Region region : hard) {
      for (int i : region.instances()) {
        assertTrue(in.isHard(i));
        assertTrue(covered.add(i));
        assertTrue(region.polygon().contains(in.x(i) + 1.0, in.y(i) + 1.0));
      }
    }
    assertEquals(in.hardCount(), covered.size());
    // The tissue package's QuPath reader (our other consumer) reads the same polygons back.
    AnnotationFile read = AnnotationFile.read(path);
    assertEquals(features.size(), read.annotations().size());
    assertEquals(hard.size(), read.polygons(GeoJsonExporter.HARD_INSTANCES).size());
  }

  @Test
  void contoursAtAThresholdCoverExactlyThePatchesAboveIt() throws IOException {
    int tumor = result.classIndex("Tumor");
    List<Polygon> contours = ThresholdContours.contours(result, tumor, 0.5);
    assertFalse(contours.isEmpty());
    Instances in = result.instances();
    for (int i = 0; i < in.size(); i++) {
      double cx = in.x(i) + in.width(i) / 2.0;
      double cy = in.y(i) + in.height(i) / 2.0;
      boolean inside = contours.stream().anyMatch(p -> p.contains(cx, cy));
      assertEquals(in.probability(i, tumor) >= 0.5, inside, "instance " + i);
    }
    Path path = ResultFiles.of(dir.resolve("contours"), result).contoursGeoJson("Tumor", 0.5);
    GeoJsonExporter.writeContours(result, tumor, 0.5, path);
    JsonNode features = JSON.readTree(path.toFile()).get("features");
    assertEquals(contours.size(), features.size());
    for (JsonNode f : features) {
      assertEquals("annotation", f.get("properties").get("objectType").asText());
      assertEquals("Tumor", f.get("properties").get("classification").get("name").asText());
      assertTrue(f.get("properties").get("measurements").get("mean_prob_Tumor").asDouble() >= 0.5);
    }
  }

  @Test
  void anUnreadableSlideLeavesNoPartialFiles() throws IOException {
    Path out = dir.resolve("atomic");
    ResultFiles files = ResultFiles.of(out, result);
    // A previous complete result is in place; the failing run must neither damage nor half-replace it.
    files.writeAll(result, slide);
    byte[] before = Files.readAllBytes(files.heatmapPng());
    byte[] summaryBefore = Files.readAllBytes(files.summaryJson());
    SlideImage closed = SlideImage.open(demo.slide());
    closed.close();
    SlideResult other = result.withHardRatio(0.3);
    assertThrows(SlideException.class, () -> files.writeAll(other, closed));
    assertArrayEquals(before, Files.readAllBytes(files.heatmapPng()));
    assertArrayEquals(summaryBefore, Files.readAllBytes(files.summaryJson()), "summary is written last");
    try (Stream<Path> left = Files.list(out)) {
      List<String> names = left.map(p -> p.getFileName().toString()).sorted().toList();
      assertEquals(
          List.of("demo.geojson", "demo.heatmap.png", "demo.instances.csv", "demo.json"), names,
          "no temporary files left");
    }
  }

  @Test
  void aMissingOrMalformedSummaryIsNamed() throws IOException {
    ResultFiles files = new ResultFiles(dir.resolve("nosummary"), "demo");
    IOException e = assertThrows(IOException.class, files::read);
    assertTrue(e.getMessage().contains(files.summaryJson() + ": no such result file"), e.getMessage());
    Files.createDirectories(files.directory());
    Files.writeString(files.summaryJson(), "{\"format_version\": 1, \"slide_id\": \"demo\"}", StandardCharsets.UTF_8);
    e = assertThrows(IOException.class, files::read);
    assertTrue(e.getMessage().contains("missing field"), e.getMessage());
  }

  private static void assertValidPolygon(JsonNode geometry) {
    assertEquals("Polygon", geometry.get("type").asText());
    for (JsonNode ring : geometry.get("coordinates")) {
      assertTrue(ring.size() >= 4, "a closed ring has at least 4 positions");
      assertEquals(ring.get(0), ring.get(ring.size() - 1), "GeoJSON rings are closed");
      for (JsonNode position : ring) {
        assertEquals(2, position.size());
        assertTrue(position.get(0).isNumber() && position.get(1).isNumber());
      }
    }
  }

  static void assertSameInstances(Instances expected, Instances actual) {
    assertEquals(expected.size(), actual.size());
    assertArrayEquals(expected.xs(), actual.xs());
    assertArrayEquals(expected.ys(), actual.ys());
    assertArrayEquals(expected.widths(), actual.widths());
    assertArrayEquals(expected.heights(), actual.heights());
    for (int c = 0; c < expected.classCount(); c++) {
      assertArrayEquals(expected.probabilities(c), actual.probabilities(c));
    }
    assertArrayEquals(expected.scores(), actual.scores());
    assertArrayEquals(expected.attentions(), actual.attentions());
    assertArrayEquals(expected.hardRanks(), actual.hardRanks());
  }
}
