package org.mhim.viewer.ui;

import java.util.List;
import java.util.Optional;
import org.mhim.viewer.analysis.Instances;
import org.mhim.viewer.analysis.PatchRegions;
import org.mhim.viewer.analysis.RemainingPrediction;
import org.mhim.viewer.analysis.ScoreBins;

/**
 * The hard instances at one ratio, everything the panel, the overlay and the gallery show of them.
 *
 * @param ratio the hard-instance ratio, in [0, 1]
 * @param instances the result's instances with hard ranks at this ratio
 * @param regions the hard instances merged into outlined regions
 * @param remaining the student's prediction without them; empty when the feature bag is not at
 *     hand (a result read back from its files)
 * @param scores the teacher's scores binned, the hard ones apart: why they are the ones masked
 */
record HardSelection(
    double ratio, Instances instances, List<PatchRegions.Region> regions, Optional<RemainingPrediction> remaining,
    ScoreBins scores) {

  HardSelection {
    regions = List.copyOf(regions);
  }

  /** Indices of the hard instances, hardest first. */
  int[] hardestFirst() {
    int[] order = new int[instances.hardCount()];
    for (int i = 0; i < instances.size(); i++) {
      if (instances.isHard(i)) {
        order[instances.hardRank(i) - 1] = i;
      }
    }
    return order;
  }
}
