package org.mhim.viewer.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gallery's "most probable" instances: highest first, ties by index, NaN last, at most k. */
class TopInstancesTest {

  @Test
  void highestProbabilityFirstTiesByIndexNanLast() {
    List<Float> tumor = List.of(0.2f, 0.9f, Float.NaN, 0.9f, 0.5f, 0.1f);
    List<int[]> corners = new ArrayList<>();
    for (int i = 0; i < tumor.size(); i++) {
      corners.add(new int[] {256 * i, 0});
    }
    Instances instances =
        AnalysisFixtures.build(Path.of("slide.tif"), corners, 256, tumor, true).instances();
    assertArrayEquals(new int[] {1, 3, 4}, TopInstances.byProbability(instances, AnalysisFixtures.TUMOR, 3));
    assertArrayEquals(new int[] {1, 3, 4, 0, 5, 2}, TopInstances.byProbability(instances, AnalysisFixtures.TUMOR, 10));
    // Normal = 1 − tumour: the order turns round (NaN stays last).
    assertArrayEquals(new int[] {5, 0}, TopInstances.byProbability(instances, 0, 2));
    assertThrows(IllegalArgumentException.class, () -> TopInstances.byProbability(instances, 0, -1));
  }
}
