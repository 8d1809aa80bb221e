package org.mhim.viewer.analysis;

import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.mhim.viewer.io.AtomicFiles;
import org.mhim.viewer.slide.RegionSource;

/** {@code <slide>.heatmap.png}: the {@link HeatmapFigure} of the predicted class, written atomically. */
public final class HeatmapPng {

  /** Long side of the slide overview in the figure. */
  public static final int DEFAULT_MAX_SIDE = 2000;

  private HeatmapPng() {}

  /** Writes the figure of the predicted class with the default scale; returns its layout. */
  public static HeatmapFigure.Figure write(SlideResult result, RegionSource slide, Path target)
      throws IOException {
    return write(result, slide, target, result.predictedClass(), ColorScale.defaults(), DEFAULT_MAX_SIDE);
  }

  /**
   * Reads the overview from {@code slide}, renders and writes the figure.
   *
   * @throws org.mhim.viewer.slide.SlideException when the slide cannot be read (nothing is written)
   */
  public static HeatmapFigure.Figure write(
      SlideResult result, RegionSource slide, Path target, int classIndex, ColorScale scale, int maxSide)
      throws IOException {
    SlideThumbnail thumbnail = SlideThumbnail.read(slide, maxSide);
    HeatmapFigure.Figure figure =
        HeatmapFigure.render(result, thumbnail, slide.metadata().mppX(), classIndex, scale);
    AtomicFiles.writeStream(
        target,
        out -> {
          if (!ImageIO.write(figure.image(), "png", out)) {
            throw new IOException(target + ": no PNG writer in this Java runtime");
          }
        });
    return figure;
  }
}
