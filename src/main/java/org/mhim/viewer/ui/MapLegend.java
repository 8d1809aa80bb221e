package org.mhim.viewer.ui;

import org.mhim.viewer.analysis.ColorScale;

/**
 * What the legend of an exported view says about the map on it: its title ("P(tumor)"), its
 * colour scale and the values it colours (for tick labels under min–max or percentile), and the
 * hard-instance outline when that overlay is on.
 *
 * @param hardLabel the outline's label ("Hard instances at 3.0 %"), or null when not shown
 */
record MapLegend(String title, ColorScale scale, float[] values, String hardLabel) {

  MapLegend {
    if (title == null || scale == null || values == null) {
      throw new IllegalArgumentException("a legend needs a title, a colour scale and the values");
    }
  }
}
