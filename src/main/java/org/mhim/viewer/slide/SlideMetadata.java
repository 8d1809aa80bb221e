package org.mhim.viewer.slide;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * What a slide says about itself.
 *
 * @param path the slide file
 * @param vendor OpenSlide's vendor id ("aperio", "generic-tiff", …)
 * @param levels pyramid levels, level 0 (full resolution) first
 * @param mppX microns per level-0 pixel horizontally, when the slide says
 * @param mppY microns per level-0 pixel vertically, when the slide says
 * @param objectivePower the scanner objective (20, 40, …), when the slide says
 * @param properties every property, by OpenSlide name
 * @param associatedImages names of the associated images (label, macro, thumbnail, …)
 */
public record SlideMetadata(
    Path path,
    String vendor,
    List<SlideLevel> levels,
    OptionalDouble mppX,
    OptionalDouble mppY,
    OptionalDouble objectivePower,
    Map<String, String> properties,
    List<String> associatedImages) {

  public SlideMetadata {
    levels = List.copyOf(levels);
    properties = Map.copyOf(properties);
    associatedImages = List.copyOf(associatedImages);
    if (levels.isEmpty()) {
      throw new IllegalArgumentException(path + ": a slide has at least one level");
    }
  }

  /** Level-0 width in pixels. */
  public long width() {
    return levels.getFirst().width();
  }

  /** Level-0 height in pixels. */
  public long height() {
    return levels.getFirst().height();
  }

  public int levelCount() {
    return levels.size();
  }

  public SlideLevel level(int index) {
    return levels.get(index);
  }

  /**
   * The width of {@code level}'s stored tiles ({@code openslide.level[N].tile-width}), or empty
   * when OpenSlide gives none (an untiled image) or it is not a number.
   */
  public OptionalInt tileWidth(int level) {
    return intProperty("openslide.level[" + level + "].tile-width");
  }

  /** The height of {@code level}'s stored tiles; as {@link #tileWidth}. */
  public OptionalInt tileHeight(int level) {
    return intProperty("openslide.level[" + level + "].tile-height");
  }

  private OptionalInt intProperty(String name) {
    String value = properties.get(name);
    if (value == null) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(value.trim()));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }
}
