package org.mhim.viewer.ui;

import java.util.Locale;
import java.util.Optional;
import javafx.scene.canvas.GraphicsContext;
import org.mhim.viewer.analysis.InstanceIndex;
import org.mhim.viewer.analysis.Instances;
import org.mhim.viewer.analysis.SlideResult;

/**
 * Draws nothing; tells, for the patch under the cursor, everything the analysis knows about it:
 * its level-0 rectangle, every class probability, the score, the attention and the hard rank.
 */
final class InstanceTooltips implements SlideOverlay {

  private final SlideResult result;
  private final InstanceIndex index;

  InstanceTooltips(SlideResult result, InstanceIndex index) {
    this.result = result;
    this.index = index;
  }

  @Override
  public void paint(GraphicsContext gc, Viewport view) {
    // Only a tooltip.
  }

  @Override
  public Optional<String> tooltipAt(double x, double y) {
    int i = index.instanceAt(x, y);
    return i < 0 ? Optional.empty() : Optional.of(text(result, i));
  }

  /** The tooltip of instance {@code i}. */
  static String text(SlideResult result, int i) {
    Instances in = result.instances();
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "Patch at x %d, y %d (%d × %d px)%n", in.x(i), in.y(i), in.width(i), in.height(i)));
    for (int c = 0; c < result.classCount(); c++) {
      s.append(String.format(Locale.ROOT, "P(%s)  %.4f%n", result.classNames().get(c), in.probability(i, c)));
    }
    s.append(String.format(Locale.ROOT, "Score  %.4f%n", in.score(i)));
    s.append(String.format(Locale.ROOT, "Attention  %.4g%n", in.attention(i)));
    s.append(in.isHard(i)
        ? String.format(Locale.ROOT, "Hard rank  %d of %d (ratio %.3g)", in.hardRank(i), in.hardCount(), result.hardRatio())
        : String.format(Locale.ROOT, "Hard rank  – (not among the %d hard)", in.hardCount()));
    return s.toString();
  }
}
