package org.mhim.viewer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DemoSlideSetTest {

  private final DemoSlideSet set = new DemoSlideSet("demo-train", 16, 4096, 3072, 5, 0.3);

  @Test
  void halfTheSlidesCarryTumourEachWithItsOwnSeed() {
    Set<Long> seeds = new HashSet<>();
    int tumour = 0;
    for (int i = 0; i < set.count(); i++) {
      seeds.add(set.spec(i).seed());
      boolean hasTumour = set.spec(i).tumorFraction() > 0;
      assertEquals(hasTumour, set.hasTumor(i));
      assertEquals(hasTumour ? DemoSlideSet.TUMOR : DemoSlideSet.NORMAL, DemoSlideSet.CLASSES.get(set.label(i)));
      tumour += hasTumour ? 1 : 0;
    }
    assertEquals(16, seeds.size());
    assertEquals(8, tumour);
    assertEquals("demo-train-007", set.slideId(7));
  }

  @Test
  void aQuarterValidatesAndBothSplitsHoldBothClasses() {
    DataSplit split = DemoModelRecipe.split(set);
    assertEquals(12, split.train().size());
    assertEquals(4, split.val().size());
    for (var part : List.of(split.train(), split.val())) {
      long tumour = part.stream().filter(s -> s.label() == DemoSlideSet.CLASSES.indexOf(DemoSlideSet.TUMOR)).count();
      assertEquals(part.size() / 2, tumour);
    }
    assertTrue(split.test().isEmpty());
  }

  @Test
  void heldOutSlidesNeverShareATrainingSeed() {
    DemoModelRecipe.Settings s = DemoModelRecipe.Settings.defaults().withSlides(40).withSeed(3);
    DemoSlideSet train = s.trainingSlides();
    DemoSlideSet held = s.heldOutSlides();
    assertTrue(held.firstSeed() > train.firstSeed() + train.count() - 1);
    assertEquals(3, s.training().seed());
    assertTrue(s.command().contains("--slides 40") && s.command().contains("--seed 3"), s.command());
  }

  @Test
  void theRecipeRefusesToReplaceAFolderThatIsNotABundle(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path out = Files.createDirectories(dir.resolve("mine"));
    Files.writeString(out.resolve("notes.txt"), "keep me");
    DemoModelRecipe recipe = new DemoModelRecipe(DemoModelRecipe.Settings.defaults(), dir.resolve("work"), out);
    var e = assertThrows(IllegalArgumentException.class, () -> recipe.run(line -> {}, TrainingListener.NONE));
    assertTrue(e.getMessage().contains("neither empty nor a model bundle"), e.getMessage());
    assertEquals("keep me", Files.readString(out.resolve("notes.txt")));
    assertTrue(Files.notExists(dir.resolve("work")), "nothing was generated");
  }

  @Test
  void oddOrTinySetsAreRefusedByName() {
    var e = assertThrows(IllegalArgumentException.class, () -> DemoModelRecipe.Settings.defaults().withSlides(7));
    assertTrue(e.getMessage().contains("--slides"));
    assertThrows(IllegalArgumentException.class, () -> new DemoSlideSet("x", 0, 4096, 3072, 1, 0.3));
    assertThrows(IllegalArgumentException.class, () -> new DemoSlideSet("x", 4, 4096, 3072, 1, 0));
  }
}
