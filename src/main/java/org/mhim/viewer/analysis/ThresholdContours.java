package org.mhim.viewer.analysis;

import java.util.List;
import org.mhim.viewer.tissue.Polygon;

/** The overlay of one class cut at a probability: the patches at or above it, merged into polygons. */
public final class ThresholdContours {

  private ThresholdContours() {}

  /**
   * Polygons (level-0, with holes) covering the instances whose probability of {@code classIndex}
   * is at least {@code threshold}.
   */
  public static List<Polygon> contours(SlideResult result, int classIndex, double threshold) {
    return regions(result, classIndex, threshold).stream().map(PatchRegions.Region::polygon).toList();
  }

  /** As {@link #contours}, with the instances each polygon covers. */
  public static List<PatchRegions.Region> regions(
      SlideResult result, int classIndex, double threshold) {
    if (classIndex < 0 || classIndex >= result.classCount()) {
      throw new IllegalArgumentException(
          "class " + classIndex + " of " + result.classCount() + " " + result.classNames());
    }
    Instances instances = result.instances();
    boolean[] selected = new boolean[instances.size()];
    for (int i = 0; i < selected.length; i++) {
      selected[i] = instances.probability(i, classIndex) >= threshold;
    }
    return PatchRegions.regions(instances, selected);
  }

  /** The hard instances of the result (rank ≠ -1), merged into regions. */
  public static List<PatchRegions.Region> hardRegions(SlideResult result) {
    Instances instances = result.instances();
    boolean[] selected = new boolean[instances.size()];
    for (int i = 0; i < selected.length; i++) {
      selected[i] = instances.isHard(i);
    }
    return PatchRegions.regions(instances, selected);
  }
}
