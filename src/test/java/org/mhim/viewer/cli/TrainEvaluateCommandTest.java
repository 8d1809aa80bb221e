package org.mhim.viewer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mhim.viewer.mil.AggregatorKind;
import org.mhim.viewer.mil.ModelBundle;
import org.mhim.viewer.mil.ModelLocator;
import org.mhim.viewer.mil.ModelManifest;
import org.mhim.viewer.train.SlideTrainingTest;
import org.mhim.viewer.train.SyntheticBags;

/** {@code mhimview train} and {@code evaluate} through the real command line. */
class TrainEvaluateCommandTest {

  private static void writeCsv(Path file, int from, int to) throws Exception {
    StringBuilder text = new StringBuilder("slide_id,label\n");
    for (int i = from; i < to; i++) {
      text.append("s").append(i).append(',').append(i % 2 == 0 ? "normal" : "tumour").append('\n');
    }
    Files.writeString(file, text);
  }

  @Test
  void trainsABaselineBundleThenEvaluatesItAsJson(@TempDir Path dir) throws Exception {
    Path features = dir.resolve("features");
    SyntheticBags maker = new SyntheticBags(12, 3f, 1.5f);
    Random random = new Random(5);
    for (int i = 0; i < 20; i++) {
      SyntheticBags.write(features, maker.bag("s" + i, random, 30 + random.nextInt(20), (i % 2) * 4, (i % 2) * 4));
    }
    writeCsv(dir.resolve("train.csv"), 0, 12);
    writeCsv(dir.resolve("val.csv"), 12, 16);
    writeCsv(dir.resolve("test.csv"), 16, 20);
    Path model = dir.resolve("model");
    CliRun trained = CliRun.of("train", "--features", features.toString(), "--train", dir.resolve("train.csv").toString(),
        "--val", dir.resolve("val.csv").toString(), "--test", dir.resolve("test.csv").toString(),
        "--method", "baseline", "--out", model.toString(),
        "--mlp-dim", "16", "--epochs", "2", "--lr", "1e-3", "--seed", "3");
    assertEquals(0, trained.exitCode(), trained.err());
    assertTrue(trained.out().contains("baseline epoch   2"), trained.out());
    assertTrue(ModelBundle.isBundle(model));

    writeCsv(dir.resolve("all.csv"), 0, 20);
    CliRun evaluated = CliRun.of("evaluate", "--model", model.toString(), "--features", features.toString(),
        "--labels", dir.resolve("all.csv").toString(), "--json");
    assertEquals(0, evaluated.exitCode(), evaluated.err());
    JsonNode json = new ObjectMapper().readTree(evaluated.out());
    for (String key : new String[] {"auc", "accuracy", "balanced_accuracy", "f1", "n", "per_class"}) {
      assertTrue(json.has(key), key + " in " + evaluated.out());
    }
    assertEquals(20, json.get("n").asInt());
    assertEquals(10, json.get("per_class").get("tumour").get("support").asInt());
    double auc = json.get("auc").asDouble();
    assertTrue(auc >= 0 && auc <= 1, "auc " + auc);

    // The same weights on the test split give the test AUC the trainer recorded in the manifest.
    CliRun onTest = CliRun.of("evaluate", "--model", model.toString(), "--features", features.toString(),
        "--labels", dir.resolve("test.csv").toString(), "--json");
    assertEquals(0, onTest.exitCode(), onTest.err());
    JsonNode testJson = new ObjectMapper().readTree(onTest.out());
    assertEquals(4, testJson.get("n").asInt());
    assertEquals(Double.parseDouble(ModelBundle.readManifest(model).provenance().get("metrics.baseline.test.auc")),
        testJson.get("auc").asDouble(), 1e-6);

    System.setProperty("mhim.demoModel", model.toString());
    try {
      CliRun demo = CliRun.of("evaluate", "--model", "demo", "--features", features.toString(),
          "--labels", dir.resolve("all.csv").toString(), "--json");
      assertEquals(evaluated.out(), demo.out(), "'demo' resolves through the locator");
    } finally {
      System.clearProperty("mhim.demoModel");
    }
  }

  @Test
  void datasetProblemsAreOneUserErrorListingThemAll(@TempDir Path dir) throws Exception {
    Path features = dir.resolve("features");
    SyntheticBags.write(features, new SyntheticBags(12, 3f, 1f).bag("s0", new Random(1), 10, 0, 0));
    writeCsv(dir.resolve("train.csv"), 0, 4);
    Files.writeString(dir.resolve("val.csv"), "slide_id,label\ns4,normal\ns9,cancer\n");
    CliRun outcome = CliRun.of("train", "--features", features.toString(), "--train", dir.resolve("train.csv").toString(),
        "--val", dir.resolve("val.csv").toString(), "--out", dir.resolve("m").toString());
    assertEquals(1, outcome.exitCode());
    assertTrue(outcome.err().startsWith("mhimview: "), outcome.err());
    assertTrue(outcome.err().contains("unknown label 'cancer'"), outcome.err());
    assertTrue(!outcome.err().contains("\tat "), "no stack trace: " + outcome.err());
    Files.writeString(dir.resolve("val.csv"), "slide_id,label\ns4,normal\n");
    CliRun missing = CliRun.of("train", "--features", features.toString(), "--train", dir.resolve("train.csv").toString(),
        "--val", dir.resolve("val.csv").toString(), "--out", dir.resolve("m").toString());
    assertEquals(1, missing.exitCode());
    for (String id : new String[] {"s1", "s2", "s3"}) {
      assertTrue(missing.err().contains("no features for slide " + id), missing.err());
    }
    CliRun noDemo = CliRun.of("evaluate", "--model", dir.resolve("nothing").toString(), "--features", features.toString(),
        "--labels", dir.resolve("val.csv").toString());
    assertEquals(1, noDemo.exitCode());
    assertTrue(noDemo.err().contains("nothing: no such model file or bundle"), noDemo.err());
  }

  /** A reference checkpoint with its config.json, as predict takes it: both slides get predict's class. */
  @Test
  void evaluatesAReferenceCheckpointAsPredictReadsIt(@TempDir Path dir) throws Exception {
    Path fixture = Path.of(System.getProperty("mhim.shared", "../shared"), "fixtures", "mhim-parity", "abmil");
    Path features = Files.createDirectories(dir.resolve("features").resolve("pt_files"));
    Files.copy(fixture.resolve("bag.pt"), features.resolve("a.pt"));
    Files.copy(fixture.resolve("bag.pt"), features.resolve("b.pt"));
    Files.writeString(dir.resolve("labels.csv"), "slide_id,label\na,0\nb,1\n");
    CliRun predicted = CliRun.of("predict", "--model", fixture.resolve("checkpoint.pt").toString(),
        "--bag", fixture.resolve("bag.pt").toString(), "--json");
    assertEquals(0, predicted.exitCode(), predicted.err());
    JsonNode probs = new ObjectMapper().readTree(predicted.out()).get("probs");
    int predictedClass = probs.get(1).asDouble() > probs.get(0).asDouble() ? 1 : 0;

    CliRun evaluated = CliRun.of("evaluate", "--model", fixture.resolve("checkpoint.pt").toString(),
        "--model-config", fixture.resolve("config.json").toString(), "--features", features.getParent().toString(),
        "--labels", dir.resolve("labels.csv").toString(), "--json");
    assertEquals(0, evaluated.exitCode(), evaluated.err());
    JsonNode confusion = new ObjectMapper().readTree(evaluated.out()).get("confusion");
    for (int label = 0; label < 2; label++) {
      assertEquals(1, confusion.get(label).get(predictedClass).asInt(), evaluated.out());
    }
  }

  /** The encoder the features came from is checked before training and carried in the model after. */
  @Test
  void theFeaturesEncoderIsCheckedFirstAndCarriedInTheModel(@TempDir Path dir) throws Exception {
    Path features = dir.resolve("features");
    SyntheticBags maker = new SyntheticBags(64, 3f, 1.5f); // the TorchScript fixture gives 64 features
    Random random = new Random(5);
    for (int i = 0; i < 8; i++) {
      SyntheticBags.write(features, maker.bag("s" + i, random, 20, (i % 2) * 4, (i % 2) * 4));
    }
    writeCsv(dir.resolve("train.csv"), 0, 6);
    writeCsv(dir.resolve("val.csv"), 6, 8);
    Path encoder = Files.copy(Path.of(System.getProperty("mhim.shared", "../shared"), "fixtures", "encoders",
        "tiny-encoder.pt"), dir.resolve("tiny.pt"));
    String description = "{\"id\": \"%s\", \"input_size\": 224, \"mean\": [0.485, 0.456, 0.406],"
        + " \"std\": [0.229, 0.224, 0.225], \"output_dim\": 64}";
    Files.writeString(dir.resolve("tiny.json"), description.formatted("another-encoder"));
    Path model = dir.resolve("model");
    String[] args = {"train", "--features", features.toString(), "--train", dir.resolve("train.csv").toString(),
        "--val", dir.resolve("val.csv").toString(), "--method", "baseline", "--out", model.toString(),
        "--mlp-dim", "16", "--epochs", "1", "--encoder", encoder.toString()};

    CliRun wrong = CliRun.of(args);
    assertEquals(1, wrong.exitCode(), wrong.err());
    assertEquals("mhimview: " + encoder + ": the features came from '" + SyntheticBags.ATTRIBUTES.encoderId()
        + "', not from 'another-encoder'", wrong.err().strip());
    assertTrue(Files.notExists(model), "nothing trained");

    Files.writeString(dir.resolve("tiny.json"), description.formatted(SyntheticBags.ATTRIBUTES.encoderId()));
    CliRun trained = CliRun.of(args);
    assertEquals(0, trained.exitCode(), trained.err());
    assertTrue(trained.out().contains("wrote " + model + " with its encoder"), trained.out());
    assertEquals(-1, Files.mismatch(encoder, model.resolve("encoder.pt")));
    assertEquals(-1, Files.mismatch(dir.resolve("tiny.json"), model.resolve("encoder.json")));

    // Fine-tuned, the model's encoder goes with it.
    Path tuned = dir.resolve("tuned");
    CliRun fineTuned = CliRun.of("train", "--features", features.toString(), "--train",
        dir.resolve("train.csv").toString(), "--val", dir.resolve("val.csv").toString(), "--fine-tune",
        model.toString(), "--out", tuned.toString(), "--epochs", "1");
    assertEquals(0, fineTuned.exitCode(), fineTuned.err());
    assertTrue(fineTuned.out().contains("wrote " + tuned + " with its encoder"), fineTuned.out());
    assertEquals(-1, Files.mismatch(encoder, tuned.resolve("encoder.pt")));
  }

  /** --fine-tune: the model's shape and classes by default, straight to the MHIM stage; misfits refused. */
  @Test
  void fineTunesATrainedModel(@TempDir Path dir) throws Exception {
    Path features = dir.resolve("features");
    SyntheticBags maker = new SyntheticBags(12, 3f, 1.5f);
    Random random = new Random(9);
    for (int i = 0; i < 10; i++) {
      SyntheticBags.write(features, maker.bag("s" + i, random, 20, (i % 2) * 4, (i % 2) * 4));
    }
    writeCsv(dir.resolve("train.csv"), 0, 6);
    writeCsv(dir.resolve("val.csv"), 6, 10);
    String train = dir.resolve("train.csv").toString();
    String val = dir.resolve("val.csv").toString();
    Path model = dir.resolve("model");
    CliRun first = CliRun.of("train", "--features", features.toString(), "--train", train, "--val", val,
        "--method", "baseline", "--out", model.toString(), "--aggregator", "dsmil", "--mlp-dim", "16",
        "--epochs", "1", "--classes", "tumour,normal");
    assertEquals(0, first.exitCode(), first.err());

    Path tuned = dir.resolve("tuned");
    CliRun fineTuned = CliRun.of("train", "--features", features.toString(), "--train", train, "--val", val,
        "--fine-tune", model.toString(), "--out", tuned.toString(), "--epochs", "2");
    assertEquals(0, fineTuned.exitCode(), fineTuned.err());
    assertTrue(fineTuned.out().contains("the model before fine-tuning: val auc"), fineTuned.out());
    assertTrue(fineTuned.out().contains("stage mhim: epochs 1..2"), fineTuned.out());
    assertFalse(fineTuned.out().contains("baseline"), fineTuned.out());
    ModelManifest manifest = ModelBundle.readManifest(tuned);
    assertEquals(AggregatorKind.DSMIL, manifest.config().aggregator());
    assertEquals(16, manifest.config().mlpDim());
    assertEquals(List.of("tumour", "normal"), manifest.config().classNames(), "the model's classes, in its order");
    assertEquals(model.toString(), manifest.provenance().get("recipe.fine_tuned_from"));

    CliRun misfit = CliRun.of("train", "--features", features.toString(), "--train", train, "--val", val,
        "--fine-tune", model.toString(), "--out", dir.resolve("misfit").toString(), "--aggregator", "abmil");
    assertEquals(1, misfit.exitCode(), misfit.err());
    assertEquals("mhimview: cannot fine-tune " + model + ": its aggregator is dsmil, not abmil", misfit.err().strip());

    CliRun lonelyConfig = CliRun.of("train", "--features", features.toString(), "--train", train, "--val", val,
        "--model-config", dir.resolve("config.json").toString(), "--out", dir.resolve("lonely").toString());
    assertEquals(1, lonelyConfig.exitCode(), lonelyConfig.err());
    assertEquals("mhimview: --model-config goes with --fine-tune, which is not given", lonelyConfig.err().strip());
    assertFalse(Files.exists(dir.resolve("misfit")) || Files.exists(dir.resolve("lonely")));
  }

  /** evaluate --slides: each labelled slide analysed as analyze does, the metrics on stdout, every slide in --csv. */
  @Test
  void evaluatesAModelOnLabelledSlides(@TempDir Path dir) throws Exception {
    Path labels = SlideTrainingTest.labelledSlides(dir);
    Path csv = dir.resolve("evaluation.csv");
    CliRun run = CliRun.of("evaluate", "--model", "demo", "--slides", dir.resolve("slides").toString(), "--labels",
        labels.toString(), "--cache", dir.resolve("cache").toString(), "--csv", csv.toString(), "--json");
    assertEquals(0, run.exitCode(), run.err());
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertEquals(6, json.get("n").asInt());
    assertTrue(run.err().contains("analysing slide 1 of 6: wizard-000") && run.err().contains("analysing slide 6 of 6"),
        run.err());
    List<String> lines = Files.readAllLines(csv);
    assertEquals("slide_id,label,predicted,p_normal,p_tumor", lines.getFirst());
    assertEquals(7, lines.size());

    CliRun csvWithFeatures = CliRun.of("evaluate", "--model", "demo", "--features", dir.resolve("cache").toString(),
        "--labels", labels.toString(), "--csv", csv.toString());
    assertEquals(1, csvWithFeatures.exitCode(), csvWithFeatures.err());
    assertEquals("mhimview: --csv goes with --slides", csvWithFeatures.err().strip());

    Path checkpoint = Path.of(System.getProperty("mhim.shared", "../shared"), "fixtures", "mhim-parity", "abmil",
        "checkpoint.pt");
    CliRun notABundle = CliRun.of("evaluate", "--model", checkpoint.toString(), "--slides",
        dir.resolve("slides").toString(), "--labels", labels.toString());
    assertEquals(1, notABundle.exitCode(), notABundle.err());
    assertTrue(notABundle.err().startsWith("mhimview: " + checkpoint + ": --slides needs a model bundle or demo"),
        notABundle.err());
  }

  /** train --slides: the wizard's run headless — features extracted first (cached), then trained; and fine-tuned. */
  @Test
  void trainsFromLabelledSlidesAndFineTunesFromThem(@TempDir Path dir) throws Exception {
    Path labels = SlideTrainingTest.labelledSlides(dir);
    String slides = dir.resolve("slides").toString();
    String cache = dir.resolve("cache").toString();
    Path model = dir.resolve("model");
    CliRun trained = CliRun.of("train", "--slides", slides, "--labels", labels.toString(), "--folds", "3", "--out",
        model.toString(), "--mlp-dim", "16", "--epochs", "1", "--cache", cache);
    assertEquals(0, trained.exitCode(), trained.err());
    assertTrue(trained.out().contains("extracting slide 1 of 6: ") && trained.out().contains("extracting slide 6 of 6"),
        trained.out());
    assertEquals("stain-texture-v1", ModelBundle.readManifest(model).encoder().id());
    try (var bags = Files.list(dir.resolve("model-features").resolve("h5_files"))) {
      assertEquals(6, bags.count(), "every slide's features beside the model");
    }

    Path tuned = dir.resolve("tuned");
    CliRun fineTuned = CliRun.of("train", "--slides", slides, "--labels", labels.toString(), "--folds", "3",
        "--fine-tune", "demo", "--out", tuned.toString(), "--epochs", "1", "--cache", cache);
    assertEquals(0, fineTuned.exitCode(), fineTuned.err());
    ModelManifest manifest = ModelBundle.readManifest(tuned);
    assertEquals("demo", manifest.provenance().get("recipe.fine_tuned_from"));
    assertEquals(ModelBundle.readManifest(ModelLocator.resolve(ModelLocator.DEMO)).encoder(), manifest.encoder(),
        "the demo's encoder and patch grid");
  }
}
