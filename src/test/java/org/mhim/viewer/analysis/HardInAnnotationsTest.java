package org.mhim.viewer.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mhim.viewer.tissue.Annotation;
import org.mhim.viewer.tissue.Polygon;
import org.mhim.viewer.tissue.Ring;

/** Hard instances placed among nested annotations by their centres; the others are not counted. */
class HardInAnnotationsTest {

  private static final int N = HardInstances.NOT_HARD;

  /** Four 100-px patches along a row: centres at x = 50, 150, 250, 350 (y = 50). */
  private static Instances row(int... ranks) {
    return new Instances(1, new int[] {0, 100, 200, 300}, new int[4], new int[] {100, 100, 100, 100},
        new int[] {100, 100, 100, 100}, new float[][] {{0}, {0}, {0}, {0}}, new float[4], new float[4], ranks);
  }

  @Test
  void countsEachClassOnceAndThoseInNone() {
    // Tissue covers centres 50..250, a tumour inside it 120..180 (centre 150), a second tumour
    // piece overlapping the first (an instance inside both counts once).
    List<Annotation> annotations = List.of(
        new Annotation("Tissue", Polygon.of(Ring.rectangle(0, 0, 280, 100))),
        new Annotation("Tumor", Polygon.of(Ring.rectangle(120, 0, 60, 100))),
        new Annotation("Tumor", Polygon.of(Ring.rectangle(140, 0, 60, 100))),
        new Annotation("", Polygon.of(Ring.rectangle(900, 900, 10, 10))));
    HardInAnnotations placed = HardInAnnotations.of(row(2, 1, N, 3), annotations);
    assertEquals(3, placed.hard());
    assertEquals(Map.of("Tissue", 2, "Tumor", 1, HardInAnnotations.UNCLASSIFIED, 0), placed.byClass());
    assertEquals(List.of("Tissue", "Tumor", HardInAnnotations.UNCLASSIFIED), List.copyOf(placed.byClass().keySet()));
    assertEquals(1, placed.outside(), "the patch centred at 350");
    assertEquals("Of 3 hard instances: 2 (67 %) in Tissue, 1 (33 %) in Tumor, 0 (0 %) in unclassified; "
        + "1 (33 %) outside the annotations.", placed.summary());
  }

  @Test
  void saysSoWhenThereIsNothingToPlace() {
    assertEquals("No hard instances to place among the annotations.",
        HardInAnnotations.of(row(N, N, N, N), List.of()).summary());
    HardInAnnotations noAnnotations = HardInAnnotations.of(row(1, N, N, N), List.of());
    assertEquals("Of 1 hard instance: none in an annotation; 1 (100 %) outside the annotations.", noAnnotations.summary());
  }
}
