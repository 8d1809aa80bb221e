package org.mhim.viewer.ui;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What the command line asks the viewer to do; plain values so the CLI needs no JavaFX.
 *
 * @param slides slides to open, each in its own tab
 * @param demo open the demo slide (generated on first use) when {@code slides} is empty
 * @param screenshot render one view to a PNG and exit, instead of staying open
 */
public record ViewRequest(List<Path> slides, boolean demo, Optional<Screenshot> screenshot) {

  public ViewRequest {
    slides = List.copyOf(slides);
    if (screenshot.isPresent() && slides.size() != 1) {
      throw new IllegalArgumentException("--screenshot needs exactly one slide, not " + slides.size());
    }
  }

  /**
   * One scripted view written to a PNG once every visible tile is sharp.
   *
   * @param output the PNG to write (atomically)
   * @param centerX level-0 x at the view centre (default: the slide centre)
   * @param centerY level-0 y at the view centre
   * @param magnification the magnification to show (needs objective power or pixel size)
   * @param downsample level-0 pixels per screen pixel (works on any slide); default: fit
   * @param width window width in pixels
   * @param height window height in pixels
   */
  public record Screenshot(
      Path output,
      OptionalDouble centerX,
      OptionalDouble centerY,
      OptionalDouble magnification,
      OptionalDouble downsample,
      int width,
      int height) {

    public Screenshot {
      if (magnification.isPresent() && downsample.isPresent()) {
        throw new IllegalArgumentException("give --magnification or --downsample, not both");
      }
      if (centerX.isPresent() != centerY.isPresent()) {
        throw new IllegalArgumentException("--center needs both X and Y");
      }
      if (width < 200 || height < 150) {
        throw new IllegalArgumentException("window too small for a screenshot: " + width + "×" + height);
      }
    }
  }
}
