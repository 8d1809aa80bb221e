package org.mhim.viewer.ui;

import java.util.Locale;
import java.util.OptionalDouble;

/** A straight line measured on the slide, between two level-0 points. */
record Measurement(double x0, double y0, double x1, double y1) {

  /** The line's length in micrometres; empty when the slide does not say its pixel size. */
  OptionalDouble microns(OptionalDouble mppX, OptionalDouble mppY) {
    if (mppX.isEmpty() || mppY.isEmpty()) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(Math.hypot((x1 - x0) * mppX.getAsDouble(), (y1 - y0) * mppY.getAsDouble()));
  }

  /** The length as a pathologist reads it: "350 µm", "2.45 mm"; in level-0 pixels without a pixel size. */
  String length(OptionalDouble mppX, OptionalDouble mppY) {
    OptionalDouble microns = microns(mppX, mppY);
    if (microns.isEmpty()) {
      return String.format(Locale.ROOT, "%,.0f px (level 0)", Math.hypot(x1 - x0, y1 - y0));
    }
    double um = microns.getAsDouble();
    if (um >= 1000) {
      return String.format(Locale.ROOT, "%.2f mm", um / 1000);
    }
    return String.format(Locale.ROOT, um >= 10 ? "%.0f µm" : "%.1f µm", um);
  }

  Measurement to(double x, double y) {
    return new Measurement(x0, y0, x, y);
  }
}
