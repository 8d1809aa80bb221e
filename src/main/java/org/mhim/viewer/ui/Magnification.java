package org.mhim.viewer.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.mhim.viewer.slide.SlideMetadata;

/**
 * Converts between the viewer's downsample (level-0 pixels per screen pixel) and the microscope
 * magnification a pathologist thinks in. The slide's objective power is the magnification of
 * level 0; without it, the pixel size stands in (0.25 µm/px ≈ 40×, the usual scanner convention).
 *
 * @param baseMagnification the magnification of one level-0 pixel per screen pixel, when known
 */
public record Magnification(OptionalDouble baseMagnification) {

  /** Magnifications offered as presets, where the slide allows them. */
  private static final double[] PRESETS = {1, 2, 5, 10, 20, 40, 80};

  /** Microns per pixel at 10× on the usual scanners; 40× is then 0.25 µm/px. */
  private static final double MICRONS_AT_10X = 10.0;

  public static Magnification of(SlideMetadata metadata) {
    if (metadata.objectivePower().isPresent() && metadata.objectivePower().getAsDouble() > 0) {
      return new Magnification(metadata.objectivePower());
    }
    OptionalDouble mpp = metadata.mppX().isPresent() ? metadata.mppX() : metadata.mppY();
    if (mpp.isPresent() && mpp.getAsDouble() > 0) {
      return new Magnification(OptionalDouble.of(MICRONS_AT_10X / mpp.getAsDouble()));
    }
    return new Magnification(OptionalDouble.empty());
  }

  public boolean known() {
    return baseMagnification.isPresent();
  }

  /** The magnification shown at {@code downsample}, when the slide lets us know. */
  public OptionalDouble atDownsample(double downsample) {
    return known() ? OptionalDouble.of(baseMagnification.getAsDouble() / downsample) : OptionalDouble.empty();
  }

  /** The downsample that shows {@code magnification}; fails when the slide has no magnification. */
  public double downsampleFor(double magnification) {
    if (!known()) {
      throw new IllegalStateException("the slide gives neither objective power nor pixel size");
    }
    if (!(magnification > 0)) {
      throw new IllegalArgumentException("magnification must be positive: " + magnification);
    }
    return baseMagnification.getAsDouble() / magnification;
  }

  /**
   * Preset magnifications worth offering: from the fit view up to twice the scanned
   * magnification (beyond that the pixels only get bigger).
   */
  public List<Double> presets(double fitDownsample) {
    List<Double> result = new ArrayList<>();
    if (!known()) {
      return result;
    }
    double base = baseMagnification.getAsDouble();
    double fitMagnification = base / fitDownsample;
    for (double preset : PRESETS) {
      if (preset > fitMagnification && preset <= base * 2 + 1e-9) {
        result.add(preset);
      }
    }
    return result;
  }

  /** "20×", "2.5×", "0.31×" — short labels for the status bar and zoom field. */
  public static String format(double magnification) {
    if (magnification >= 10) {
      return String.format("%.0f×", magnification);
    }
    if (magnification >= 1) {
      return String.format("%.1f×", magnification).replace(".0×", "×");
    }
    return String.format("%.2f×", magnification);
  }
}
