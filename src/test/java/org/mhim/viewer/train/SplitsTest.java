package org.mhim.viewer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitsTest {

  @TempDir Path dir;

  private static LabelTable table(int negatives, int positives) {
    List<LabeledSlide> slides = new ArrayList<>();
    for (int i = 0; i < negatives; i++) {
      slides.add(new LabeledSlide("n" + i, 0));
    }
    for (int i = 0; i < positives; i++) {
      slides.add(new LabeledSlide("p" + i, 1));
    }
    return new LabelTable(List.of("normal", "tumor"), slides);
  }

  @Test
  void kFoldTestsEverySlideOnceAndKeepsClassBalance() throws Exception {
    List<DataSplit> splits = Splits.stratifiedKFold(table(10, 5), 5, 42);
    assertEquals(5, splits.size());
    Set<String> tested = new HashSet<>();
    for (DataSplit split : splits) {
      assertEquals(3, split.test().size());
      assertEquals(1, split.test().stream().filter(s -> s.label() == 1).count());
      assertEquals(15, split.train().size() + split.val().size() + split.test().size());
      Set<String> ids = new HashSet<>();
      for (List<LabeledSlide> part : List.of(split.train(), split.val(), split.test())) {
        part.forEach(s -> assertTrue(ids.add(s.slideId()), "slide in two parts: " + s));
      }
      split.test().forEach(s -> assertTrue(tested.add(s.slideId())));
    }
    assertEquals(15, tested.size());
    assertEquals(splits, Splits.stratifiedKFold(table(10, 5), 5, 42));
    assertTrue(!splits.equals(Splits.stratifiedKFold(table(10, 5), 5, 7)));
  }

  @Test
  void kFoldRefusesTooFewSlidesOrFolds() {
    DatasetException e =
        assertThrows(DatasetException.class, () -> Splits.stratifiedKFold(table(10, 2), 3, 1));
    assertTrue(e.getMessage().contains("class 'tumor' has 2 slides, fewer than the 3 folds"));
    assertThrows(DatasetException.class, () -> Splits.stratifiedKFold(table(10, 10), 2, 1));
  }

  @Test
  void splitFilesShareClassesAndMayNotOverlap() throws Exception {
    Path train = Files.writeString(dir.resolve("train.csv"), "slide_id,label\na,normal\nb,tumor\n");
    Path val = Files.writeString(dir.resolve("val.csv"), "slide_id,label\nc,tumor\n");
    Splits.FromFiles files = Splits.fromFiles(train, val, Optional.empty(), Optional.empty());
    assertEquals(List.of("normal", "tumor"), files.classNames());
    assertEquals(List.of(new LabeledSlide("c", 1)), files.split().val());

    Path overlap = Files.writeString(dir.resolve("test.csv"), "slide_id,label\na,normal\nd,x\n");
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () -> Splits.fromFiles(train, val, Optional.of(overlap), Optional.empty()));
    assertTrue(e.getMessage().contains("slide d has unknown label 'x'"), e.getMessage());
  }
}
