package org.mhim.viewer.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlideResultTest {

  private static Instances three() {
    return new Instances(
        2,
        new int[] {0, 256, 512},
        new int[] {0, 0, 0},
        new int[] {256, 256, 256},
        new int[] {256, 256, 256},
        new float[][] {{0.9f, 0.1f}, {0.3f, 0.7f}, {0.5f, 0.5f}},
        new float[] {0.9f, 0.7f, 0.5f},
        new float[] {0.2f, 0.5f, 0.3f},
        new int[] {1, -1, -1});
  }

  private static SlideResult result(Instances instances) {
    return new SlideResult(
        "s1", Path.of("s1.svs"), "m", "e", false, List.of("Normal", "Tumor"),
        new float[] {0.1f, 1.2f}, new float[] {0.25f, 0.75f}, 1, instances, 0.3,
        PhaseTimings.none());
  }

  @Test
  void answersPerInstanceAndSlideQuestions() {
    SlideResult r = result(three());
    assertEquals(3, r.instanceCount());
    assertEquals("Tumor", r.predictedClassName());
    assertEquals(0.75f, r.predictedProbability());
    assertEquals(1, r.classIndex("Tumor"));
    Instances in = r.instances();
    assertEquals(0, in.mostProbableClass(0));
    assertEquals(1, in.mostProbableClass(1));
    assertEquals(0, in.mostProbableClass(2), "a tie goes to the first class");
    assertArrayEquals(new float[] {0.1f, 0.7f, 0.5f}, in.probabilities(1));
    assertEquals(1, in.instanceAt(300, 10));
    assertEquals(-1, in.instanceAt(300, 300));
    assertEquals(1, in.hardCount());
  }

  @Test
  void rejectsLengthsThatDisagree() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Instances(2, new int[2], new int[2], new int[] {1, 1}, new int[] {1, 1},
                new float[2][2], new float[3], new float[2], new int[] {-1, -1}));
    assertTrue(e.getMessage().contains("score has 3 values for 2 instances"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new Instances(2, new int[1], new int[1], new int[] {1}, new int[] {1},
            new float[][] {{1, 0, 0}}, new float[1], new float[1], new int[] {-1}));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Instances(1, new int[2], new int[2], new int[] {1, 1}, new int[] {1, 1},
            new float[2][1], new float[2], new float[2], new int[] {1, 1}),
        "a hard rank given twice");
    assertThrows(
        IllegalArgumentException.class,
        () -> new SlideResult("s", Path.of("s"), "m", "e", false, List.of("A", "B"),
            new float[2], new float[3], 0, three(), 0, PhaseTimings.none()));
    assertThrows(
        IllegalArgumentException.class,
        () -> new SlideResult("../x", Path.of("s"), "m", "e", false, List.of("A", "B"),
            new float[2], new float[2], 0, three(), 0, PhaseTimings.none()));
    assertThrows(
        IllegalArgumentException.class,
        () -> new SlideResult("s", Path.of("s"), "m", "e", false, List.of("A", "A"),
            new float[2], new float[2], 0, three(), 0, PhaseTimings.none()));
  }

  @Test
  void arraysAreCopiedInAndOut() {
    float[] probabilities = {0.25f, 0.75f};
    SlideResult r =
        new SlideResult("s1", Path.of("s1.svs"), "m", "e", false, List.of("Normal", "Tumor"),
            new float[2], probabilities, 1, three(), 0.3, PhaseTimings.none());
    probabilities[1] = 0;
    r.slideProbabilities()[1] = 0;
    assertEquals(0.75f, r.predictedProbability());
    r.instances().scores()[0] = 42;
    assertEquals(0.9f, r.instances().score(0));
  }

  @Test
  void anotherHardRatioRecomputesRanksFromScores() {
    SlideResult r = result(three()).withHardRatio(0.6);
    assertEquals(0.6, r.hardRatio());
    assertArrayEquals(new int[] {1, 2, -1}, r.instances().hardRanks());
  }
}
