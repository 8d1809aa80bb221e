package org.mhim.viewer.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.mhim.viewer.slide.SlideLevel;
import org.mhim.viewer.slide.SlideMetadata;
import org.mhim.viewer.slide.TileKey;

/**
 * Cuts every pyramid level of one slide into fixed-size tiles and says which tiles a view needs.
 * Tile keys are what the tile cache stores, so the canvas, the scheduler and any overlay painted
 * the same way agree on them.
 *
 * @param sourceId the cache id of the slide
 * @param metadata the slide's levels
 * @param tileSize tile edge in pixels of the tile's own level
 */
public record TileGrid(String sourceId, SlideMetadata metadata, int tileSize) {

  /** Default tile edge: large enough to keep reads few, small enough to arrive quickly. */
  public static final int DEFAULT_TILE_SIZE = 512;

  /**
   * The tile edge to read a slide in: its own tile size, so that a read decodes whole stored tiles
   * and nothing beside the view (a 512-px read of a slide stored in 256-px tiles decodes four, and
   * up to twice the area a view edge needs); small stored tiles are read a few together (at least
   * 256 px), and slides that do not say, or store huge tiles, get {@link #DEFAULT_TILE_SIZE}.
   */
  public static int readSizeFor(SlideMetadata metadata) {
    OptionalInt width = metadata.tileWidth(0);
    OptionalInt height = metadata.tileHeight(0);
    if (width.isEmpty() || height.isEmpty()) {
      return DEFAULT_TILE_SIZE; // no tile size given (a plain, untiled image)
    }
    int w = width.getAsInt();
    if (w != height.getAsInt() || w < 16 || w > 1024) {
      return DEFAULT_TILE_SIZE;
    }
    return w * Math.ceilDiv(256, w);
  }

  /** One tile and where it lies in level-0 coordinates (exact, for seamless drawing). */
  public record Tile(TileKey key, double x0, double y0, double x1, double y1) {
    /** Squared distance from the tile centre to a level-0 point, for ordering requests. */
    public double distanceSquaredTo(double x, double y) {
      double dx = (x0 + x1) / 2 - x;
      double dy = (y0 + y1) / 2 - y;
      return dx * dx + dy * dy;
    }
  }

  public TileGrid {
    if (tileSize < 16) {
      throw new IllegalArgumentException("tile size too small: " + tileSize);
    }
  }

  /**
   * The level to read for a view at {@code downsample}: the coarsest one that is still at least as
   * sharp as the screen (its downsample not above the view's), so no detail is lost.
   */
  public int levelFor(double downsample) {
    int best = 0;
    for (int i = 0; i < metadata.levelCount(); i++) {
      // A little slack: OpenSlide's downsamples are 4.0003 rather than 4 for odd sizes.
      if (metadata.level(i).downsample() <= downsample * 1.01) {
        best = i;
      }
    }
    return best;
  }

  public int coarsestLevel() {
    return metadata.levelCount() - 1;
  }

  /** The tiles of {@code level} that intersect the view, nearest the view's centre first. */
  public List<Tile> visibleTiles(Viewport view, int level) {
    return tilesIn(view.minX(), view.minY(), view.maxX(), view.maxY(), level, view.centerX(), view.centerY());
  }

  /** The tiles of {@code level} that intersect a level-0 rectangle, nearest (cx, cy) first. */
  public List<Tile> tilesIn(double minX, double minY, double maxX, double maxY, int level, double cx, double cy) {
    SlideLevel l = metadata.level(level);
    double scale = l.downsample() * tileSize; // level-0 pixels per tile edge
    long columns = Math.ceilDiv(l.width(), tileSize);
    long rows = Math.ceilDiv(l.height(), tileSize);
    long c0 = Math.max(0, (long) Math.floor(minX / scale));
    long r0 = Math.max(0, (long) Math.floor(minY / scale));
    long c1 = Math.min(columns - 1, (long) Math.floor(maxX / scale));
    long r1 = Math.min(rows - 1, (long) Math.floor(maxY / scale));
    List<Tile> tiles = new ArrayList<>();
    for (long r = r0; r <= r1; r++) {
      for (long c = c0; c <= c1; c++) {
        tiles.add(tile(level, c, r));
      }
    }
    tiles.sort((a, b) -> Double.compare(a.distanceSquaredTo(cx, cy), b.distanceSquaredTo(cx, cy)));
    return tiles;
  }

  /** The tile at column {@code c}, row {@code r} of {@code level}. */
  public Tile tile(int level, long c, long r) {
    SlideLevel l = metadata.level(level);
    int w = (int) Math.min(tileSize, l.width() - c * tileSize);
    int h = (int) Math.min(tileSize, l.height() - r * tileSize);
    double d = l.downsample();
    double x0 = c * tileSize * d;
    double y0 = r * tileSize * d;
    TileKey key = new TileKey(sourceId, level, Math.round(x0), Math.round(y0), w, h);
    return new Tile(key, x0, y0, x0 + w * d, y0 + h * d);
  }
}
