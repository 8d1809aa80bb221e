package org.mhim.viewer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dataset check reports each slide's problem in one line that names its file once. */
class TrainingDataTest {

  @TempDir Path dir;

  @Test
  void aMissingAndAnUnreadableFeatureFileAreEachReportedOnce() throws Exception {
    Path notABag = Files.createDirectories(dir.resolve("pt_files")).resolve("a.pt");
    Files.writeString(notABag, "# notes, not features\n");
    DataSplit split = new DataSplit(
        List.of(new LabeledSlide("a", 0), new LabeledSlide("b", 1)), List.of(new LabeledSlide("c", 1)), List.of());
    DatasetException e = assertThrows(DatasetException.class,
        () -> TrainingData.load(dir, List.of("normal", "tumour"), split));
    assertEquals(
        List.of(notABag + ": not a PyTorch zip checkpoint (no zip header)",
            "no features for slide b (looked for h5_files/b.h5 and pt_files/b.pt)",
            "no features for slide c (looked for h5_files/c.h5 and pt_files/c.pt)"),
        e.problems());
  }
}
