package org.mhim.viewer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mhim.viewer.features.Cancellation;
import org.mhim.viewer.features.StainTextureEncoder;
import org.mhim.viewer.mil.ModelBundle;
import org.mhim.viewer.mil.ModelManifest;
import org.mhim.viewer.tissue.PatchGridSettings;

/** Labelled real demo slides in a folder become a trained model bundle, as the wizard asks. */
public class SlideTrainingTest {

  @TempDir Path dir;

  /** Six small demo slides, three with tumour, and their labels CSV. */
  public static Path labelledSlides(Path dir) throws IOException {
    DemoSlideSet set = new DemoSlideSet("wizard", 6, 1500, 1200, 40, 0.3);
    set.write(dir.resolve("slides"));
    StringBuilder csv = new StringBuilder("slide_id,label\n");
    for (LabeledSlide slide : set.labeled()) {
      csv.append(slide.slideId()).append(',').append(DemoSlideSet.CLASSES.get(slide.label())).append('\n');
    }
    return Files.writeString(dir.resolve("labels.csv"), csv);
  }

  private SlideTraining.Request request(Path labels, boolean resume) {
    TrainingOptions options = TrainingOptions.builder().mlpDim(16).epochs(2).baselineEpochs(2).seed(3).build();
    return new SlideTraining.Request(labels, dir.resolve("slides"), StainTextureEncoder.ID, options,
        dir.resolve("cache"), dir.resolve("work"), dir.resolve("model"), resume);
  }

  @Test
  void labelledSlidesBecomeAModel() throws Exception {
    Path labels = labelledSlides(dir);
    List<Integer> slidesSeen = new ArrayList<>();
    TrainingResult result = new SlideTraining(request(labels, false)).run(
        (id, slide, slides, share) -> slidesSeen.add(slide), TrainingListener.NONE, new Cancellation());
    assertTrue(result.completed());
    assertEquals(List.of(1, 2, 3, 4, 5, 6), slidesSeen.stream().distinct().toList(), "every slide extracted in turn");
    ModelManifest manifest = ModelBundle.readManifest(dir.resolve("model"));
    assertEquals(LabelTable.read(labels, Optional.empty()).classNames(), manifest.config().classNames());
    assertEquals(StainTextureEncoder.ID, manifest.encoder().id());
  }

  @Test
  void slidesTheFolderLacksAreAllNamedBeforeAnyWork() throws Exception {
    Path labels = labelledSlides(dir);
    Files.writeString(labels, "ghost-1,tumor\nghost-2,normal\n", StandardOpenOption.APPEND);
    DatasetException e = assertThrows(DatasetException.class,
        () -> new SlideTraining(request(labels, false)).run((id, slide, slides, share) -> {}, TrainingListener.NONE,
            new Cancellation()));
    assertEquals(List.of("no slide file named ghost-1.* in " + dir.resolve("slides"),
        "no slide file named ghost-2.* in " + dir.resolve("slides")), e.problems());
    assertTrue(Files.notExists(dir.resolve("work")), "nothing extracted");
  }

  @Test
  void aRunStoppedAfterAnEpochContinuesWhereItStopped() throws Exception {
    Path labels = labelledSlides(dir);
    Cancellation cancellation = new Cancellation();
    TrainingListener stopAfterOne = new TrainingListener() {
      @Override
      public void epochFinished(EpochRecord record) {
        cancellation.cancel();
      }
    };
    TrainingResult stopped = new SlideTraining(request(labels, false)).run((id, slide, slides, share) -> {},
        stopAfterOne, cancellation);
    assertFalse(stopped.completed());
    assertEquals(1, stopped.history().size());
    TrainingResult resumed = new SlideTraining(request(labels, true)).run((id, slide, slides, share) -> {},
        TrainingListener.NONE, new Cancellation());
    assertTrue(resumed.completed());
    assertEquals(4, resumed.history().size(), "two epochs of each stage in all, the first kept");
    assertTrue(ModelBundle.isBundle(dir.resolve("model")));
  }

  /** A fine-tuning that cannot fit the model is refused before any slide is read. */
  @Test
  void aFineTuningThatDoesNotFitIsRefusedBeforeAnyWork() throws Exception {
    Path labels = labelledSlides(dir);
    Files.writeString(labels, "wizard-0,necrosis\n", StandardOpenOption.APPEND);
    TrainingOptions demoShape = TrainingOptions.builder().mlpDim(64).epochs(1).build();
    SlideTraining.Request unknownClass = new SlideTraining.Request(labels, dir.resolve("slides"), StainTextureEncoder.ID,
        demoShape, dir.resolve("cache"), dir.resolve("work"), dir.resolve("model"), false, Path.of("demo"),
        PatchGridSettings.defaults());
    DatasetException classes = assertThrows(DatasetException.class,
        () -> new SlideTraining(unknownClass).run((id, slide, slides, share) -> {}, TrainingListener.NONE,
            new Cancellation()));
    assertTrue(classes.getMessage().contains("necrosis"), classes.getMessage());

    labelledSlides(dir);
    SlideTraining.Request otherWidth = new SlideTraining.Request(labels, dir.resolve("slides"), StainTextureEncoder.ID,
        TrainingOptions.builder().mlpDim(32).build(), dir.resolve("cache"), dir.resolve("work"), dir.resolve("model"),
        false, Path.of("demo"), PatchGridSettings.defaults());
    IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
        () -> new SlideTraining(otherWidth).run((id, slide, slides, share) -> {}, TrainingListener.NONE,
            new Cancellation()));
    assertEquals("cannot fine-tune demo: its mlp_dim is 64, not 32", width.getMessage());
    assertTrue(Files.notExists(dir.resolve("work")), "nothing extracted");
  }
}
