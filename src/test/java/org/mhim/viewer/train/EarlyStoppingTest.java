package org.mhim.viewer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EarlyStoppingTest {

  @TempDir Path dir;

  @Test
  void stopsAfterPatienceEpochsWithoutImprovement() {
    EarlyStopping s = EarlyStopping.start(2).after(1, 0.7);
    assertTrue(s.lastWasBest(1));
    s = s.after(2, 0.8);
    assertTrue(s.lastWasBest(2));
    s = s.after(3, 0.79);
    assertFalse(s.lastWasBest(3));
    assertFalse(s.shouldStop());
    s = s.after(4, 0.75);
    assertTrue(s.shouldStop());
    assertEquals(2, s.bestEpoch());
    assertEquals(0.8, s.bestAuc());
  }

  @Test
  void onRequestAnEqualAucMovesTheBestToTheLaterEpochButSpendsPatience() {
    EarlyStopping first = EarlyStopping.start(2).after(1, 1.0).after(2, 1.0);
    assertEquals(1, first.bestEpoch());
    EarlyStopping s = EarlyStopping.start(2, true).after(1, 1.0);
    s = s.after(2, 1.0);
    assertTrue(s.lastWasBest(2));
    assertFalse(s.shouldStop());
    s = s.after(3, 0.9);
    assertFalse(s.lastWasBest(3));
    assertTrue(s.shouldStop());
    assertEquals(2, s.bestEpoch());
    assertEquals(1.0, s.bestAuc());
  }

  @Test
  void undefinedAucKeepsFirstEpochAsBest() {
    EarlyStopping s = EarlyStopping.start(1).after(1, Double.NaN);
    assertTrue(s.lastWasBest(1));
    s = s.after(2, 0.6);
    assertTrue(s.lastWasBest(2));
    assertThrows(IllegalArgumentException.class, () -> EarlyStopping.start(0));
  }

  @Test
  void featureCheckListsEveryMissingSlide() throws Exception {
    Files.createDirectories(dir.resolve("h5_files"));
    Files.createDirectories(dir.resolve("pt_files"));
    Files.writeString(dir.resolve("h5_files/a.h5"), "x");
    Files.writeString(dir.resolve("pt_files/b.pt"), "x");
    List<LabeledSlide> slides =
        List.of(new LabeledSlide("a", 0), new LabeledSlide("b", 1), new LabeledSlide("c", 1),
            new LabeledSlide("d", 0));
    DatasetException e =
        assertThrows(DatasetException.class, () -> FeatureFileCheck.requireAll(dir, slides));
    assertEquals(2, e.problems().size());
    assertTrue(e.getMessage().contains("no features for slide c"));
    assertTrue(e.getMessage().contains("no features for slide d"));
    assertEquals(
        List.of(dir.resolve("h5_files/a.h5"), dir.resolve("pt_files/b.pt")),
        FeatureFileCheck.requireAll(dir, slides.subList(0, 2)));
  }
}
