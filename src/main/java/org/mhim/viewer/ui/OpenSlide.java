package org.mhim.viewer.ui;

import java.util.function.Function;
import org.mhim.viewer.slide.ArgbImage;
import org.mhim.viewer.slide.RegionSource;

/**
 * A slide opened for viewing: where its pixels come from (the real slide or a decorator over it),
 * its id in the tile cache, how to read its associated images, and what to close with its tab.
 *
 * @param source region reads (thread-safe)
 * @param id tile-cache id, unique among open slides
 * @param associatedImage reads an associated image by name (label, macro, thumbnail)
 * @param resource closed when the tab closes
 */
public record OpenSlide(
    RegionSource source, String id, Function<String, ArgbImage> associatedImage, AutoCloseable resource) {}
