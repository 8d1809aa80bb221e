package org.mhim.viewer.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mhim.viewer.features.Cancellation;
import org.mhim.viewer.features.TestSlides;

/**
 * A model whose encoder is not built in analyses slides with no encoder given once its bundle
 * carries it ({@code encoder.pt} and {@code encoder.json}), as the viewer needs; the real TorchScript
 * fixture stands in for a user's encoder.
 */
class BundledEncoderTest {

  private static final Path TINY =
      Path.of(System.getProperty("mhim.shared", "../shared"), "fixtures", "encoders", "tiny-encoder.pt");

  @TempDir Path dir;

  /** Writes the fixture encoder's description, under {@code id}, to {@code json}. */
  private static void describe(Path json, String id) throws IOException {
    Files.writeString(json, "{\"id\": \"" + id + "\", \"input_size\": 224,"
        + " \"mean\": [0.485, 0.456, 0.406], \"std\": [0.229, 0.224, 0.225], \"output_dim\": 64}");
  }

  /** Puts the fixture encoder into {@code bundle} by hand, as {@code id}. */
  private static void carry(Path bundle, String id) throws IOException {
    Files.copy(TINY, bundle.resolve("encoder.pt"));
    describe(bundle.resolve("encoder.json"), id);
  }

  private SlideAnalyzer analyzer(Path bundle) throws IOException {
    return SlideAnalyzer.builder().setModel(bundle).optDevice(Device.cpu()).build();
  }

  @Test
  void aBundleCarryingItsEncoderAnalysesASlide() throws IOException {
    Path bundle = AnalysisModels.randomAbmil(dir.resolve("model"), "tiny-encoder-v1", 64);
    AnalysisException missing = assertThrows(AnalysisException.class, () -> analyzer(bundle));
    assertTrue(missing.getMessage().contains("'tiny-encoder-v1', which is not built in: put its TorchScript file"
        + " and JSON description into the model folder as encoder.pt and encoder.json"), missing.getMessage());

    carry(bundle, "tiny-encoder-v1");
    try (SlideAnalyzer analyzer = analyzer(bundle)) {
      assertEquals("tiny-encoder-v1", analyzer.encoderId());
      SlideResult result = analyzer.analyzeTo(TestSlides.small("bundled-encoder", 5), dir.resolve("out"), p -> {},
          new Cancellation());
      assertTrue(result.instanceCount() > 0);
      assertEquals("tiny-encoder-v1", result.encoderId());
    }
  }

  @Test
  void aCarriedEncoderOfAnotherIdIsRefused() throws IOException {
    Path bundle = AnalysisModels.randomAbmil(dir.resolve("model"), "tiny-encoder-v1", 64);
    carry(bundle, "some-other-encoder");
    AnalysisException e = assertThrows(AnalysisException.class, () -> analyzer(bundle));
    assertTrue(e.getMessage().contains("trained on features of 'tiny-encoder-v1', not of 'some-other-encoder'"),
        e.getMessage());
  }

  /** As a reference checkpoint imported in the viewer is: no encoder named, features of 64. */
  @Test
  void aModelThatNamesNoEncoderIsToldWhereToPutIt() throws IOException {
    Path bundle = AnalysisModels.randomAbmil(dir.resolve("model"), null, 64);
    AnalysisException e = assertThrows(AnalysisException.class, () -> analyzer(bundle));
    assertTrue(e.getMessage().endsWith("gives 57 features per patch, the model takes 64; the model does not name its"
        + " encoder: put it into the model folder as encoder.pt and encoder.json"), e.getMessage());
    carry(bundle, "tiny-encoder-v1");
    try (SlideAnalyzer analyzer = analyzer(bundle)) {
      assertEquals("tiny-encoder-v1", analyzer.encoderId());
    }
  }

  @Test
  void attachCopiesAnEncoderThatFitsAndRefusesOneThatDoesNot() throws IOException {
    Path bundle = AnalysisModels.randomAbmil(dir.resolve("model"), "tiny-encoder-v1", 64);
    Path mine = Files.createDirectories(dir.resolve("encoders"));
    Files.copy(TINY, mine.resolve("tiny.pt"));
    describe(mine.resolve("tiny.json"), "some-other-encoder");
    AnalysisException other = assertThrows(AnalysisException.class,
        () -> BundledEncoders.attach(bundle, mine.resolve("tiny.pt")));
    assertTrue(other.getMessage().startsWith(bundle.toString()), other.getMessage());
    assertTrue(Files.notExists(bundle.resolve("encoder.pt")) && Files.notExists(bundle.resolve("encoder.json")),
        "nothing copied");

    describe(mine.resolve("tiny.json"), "tiny-encoder-v1");
    BundledEncoders.attach(bundle, mine.resolve("tiny.pt"));
    assertEquals(-1, Files.mismatch(TINY, bundle.resolve("encoder.pt")));
    try (SlideAnalyzer analyzer = analyzer(bundle)) {
      assertEquals("tiny-encoder-v1", analyzer.encoderId());
    }
  }
}
