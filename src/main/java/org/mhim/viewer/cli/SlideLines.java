package org.mhim.viewer.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.mhim.viewer.analysis.SlideSetEvaluation;
import org.mhim.viewer.train.SlideFeatures;

/** Progress over a set of slides on a terminal: one line as each slide starts ("extracting slide 2 of 6: id"). */
final class SlideLines implements SlideFeatures.Progress, SlideSetEvaluation.Progress {

  private final PrintWriter out;
  private final String verb;
  private int lastSlide;

  SlideLines(PrintWriter out, String verb) {
    this.out = out;
    this.verb = verb;
  }

  @Override
  public void extracting(String slideId, int slide, int slides, double share) {
    line(slideId, slide, slides);
  }

  @Override
  public void slide(String slideId, int slide, int slides, double share) {
    line(slideId, slide, slides);
  }

  private void line(String slideId, int slide, int slides) {
    if (slide != lastSlide) {
      lastSlide = slide;
      out.printf(Locale.ROOT, "%s slide %d of %d: %s%n", verb, slide, slides, slideId);
      out.flush();
    }
  }
}
