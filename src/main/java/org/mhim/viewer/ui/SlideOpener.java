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

  /**
   * Readies what the first {@link #open} would otherwise set up (a native library, say), so that
   * opening the first slide is quicker; called once, in the background, when the window appears.
   * Problems are left for {@code open} to report.
   */
  default void prepare() {}

  /** The real thing: OpenSlide through {@link SlideImage}. */
  static SlideOpener openSlide() {
    return new SlideOpener() {
      @Override
      public OpenSlide open(Path path) {
        SlideImage image = SlideImage.open(path);
        return new OpenSlide(image, image.id(), image::associatedImage, image);
      }

      @Override
      public void prepare() {
        // Loads libopenslide and libtiff and links every native function (hundreds of ms, once).
        SlideImage.linkNativeLibraries();
      }
    };
  }
}
