package org.mhim.viewer.ui;

import java.nio.file.Path;
import org.mhim.viewer.slide.SlideImage;

/** Opens a slide file for viewing; runs off the JavaFX thread. */
@FunctionalInterface
public interface SlideOpener {

  /**
   * @throws org.mhim.viewer.slide.SlideException naming the file when it cannot be opened
   */
  OpenSlide open(Path path);

  /** The real thing: OpenSlide through {@link SlideImage}. */
  static SlideOpener openSlide() {
    return path -> {
      SlideImage image = SlideImage.open(path);
      return new OpenSlide(image, image.id(), image::associatedImage, image);
    };
  }
}
