package org.mhim.viewer.slide;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a pyramidal, tiled, JPEG-compressed TIFF in the Aperio layout OpenSlide reads: level 0
 * (tiled, with the description), a stripped thumbnail, the reduced levels (each half the one
 * above), then an optional stripped label.
 *
 * <p>Memory stays bounded whatever the slide size: level 0 is rendered tile by tile, one tile row
 * at a time, and each reduced level keeps only the one tile row it is filling, built 2×2 from the
 * level above as that level's tiles are written. Tiles are rendered and encoded on several threads
 * and written in a fixed order, so the output is the same on every run.
 */
final class PyramidTiffWriter {

  /** Renders level-0 pixels; called from several threads at once. */
  interface Level0Source {
    /** Prepares level-0 rows {@code [y, y + height)}; bands are asked for top to bottom. */
    Band band(long y, int height);

    /** One band of rows, ready to render any tile within it. */
    interface Band {
      /** Fills {@code out} (width × band height, row-major 0xRRGGBB) from column {@code x}. */
      void render(long x, int width, int[] out);
    }
  }

  /** A small image stored whole (thumbnail, label): 0xRRGGBB pixels. */
  record RgbImage(int width, int height, int[] pixels) {}

  /**
   * @param tileSize tile edge in pixels (a multiple of 16)
   * @param quality JPEG quality, 0–1
   * @param bigTiff write BigTIFF (needed past 4 GiB)
   * @param description ImageDescription of level 0
   * @param mpp microns per level-0 pixel, written as the resolution tags
   * @param threads rendering and encoding threads
   */
  record Options(
      int tileSize, float quality, boolean bigTiff, String description, double mpp, int threads) {
    Options {
      if (tileSize < 16 || tileSize % 16 != 0) {
        throw new IllegalArgumentException("tile size must be a multiple of 16, not " + tileSize);
      }
    }
  }

  private static final int WHITE = 0xFFFFFF;
  private static final int THUMBNAIL_MAX = 1024;
  private static final int TILES_PER_BATCH = 64;

  private final long width;
  private final long height;
  private final Options options;
  private final int tile;
  private final List<Level> levels = new ArrayList<>();
  private final int thumbnailLevel;

  PyramidTiffWriter(long width, long height, Options options) {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("a slide needs a positive size, not " + width + "×" + height);
    }
    this.width = width;
    this.height = height;
    this.options = options;
    this.tile = options.tileSize();
    long w = width;
    long h = height;
    int index = 0;
    while (true) {
      levels.add(new Level(index, w, h, 1L << index));
      if (Math.max(w, h) <= tile) {
        break;
      }
      w = (w + 1) / 2;
      h = (h + 1) / 2;
      index++;
    }
    int thumb = levels.size() - 1;
    for (Level level : levels) {
      if (Math.max(level.width, level.height) <= THUMBNAIL_MAX) {
        thumb = level.index;
        break;
      }
    }
    thumbnailLevel = thumb;
  }

  /** Level sizes the pyramid will have, level 0 first. */
  List<long[]> levelSizes() {
    return levels.stream().map(l -> new long[] {l.width, l.height}).toList();
  }

  /** Writes the whole file; {@code label} may be null. */
  void write(Path file, Level0Source source, RgbImage label) throws IOException {
    for (Level level : levels.subList(1, levels.size())) {
      level.strip = new int[level.tilesAcross * tile * tile];
    }
    Level thumb = levels.get(thumbnailLevel);
    thumb.capture = new int[Math.toIntExact(thumb.width * thumb.height)];
    ExecutorService pool = Executors.newFixedThreadPool(options.threads());
    BlockingQueue<JpegEncoder> encoders = new ArrayBlockingQueue<>(options.threads());
    for (int i = 0; i < options.threads(); i++) {
      encoders.add(new JpegEncoder(options.quality()));
    }
    try (FileChannel channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      TiffFileWriter tiff = new TiffFileWriter(channel, options.bigTiff());
      new Run(tiff, pool, encoders).level0(source);
      byte[] thumbJpeg =
          encoders.peek().encode(thumb.capture, (int) thumb.width, (int) thumb.height);
      long thumbOffset = tiff.append(thumbJpeg);
      byte[] labelJpeg =
          label == null ? null : encoders.peek().encode(label.pixels(), label.width(), label.height());
      long labelOffset = labelJpeg == null ? 0 : tiff.append(labelJpeg);

      tiff.addDirectory(levelDirectory(tiff, levels.getFirst()));
      tiff.addDirectory(
          stripDirectory(tiff, thumb.width, thumb.height, thumbOffset, thumbJpeg.length,
              "Aperio Image Library v12.0.15\r\n" + width + "x" + height + " -> " + thumb.width
                  + "x" + thumb.height + " JPEG/RGB Q=" + Math.round(options.quality() * 100)));
      for (Level level : levels.subList(1, levels.size())) {
        tiff.addDirectory(levelDirectory(tiff, level));
      }
      if (labelJpeg != null) {
        tiff.addDirectory(
            stripDirectory(tiff, label.width(), label.height(), labelOffset, labelJpeg.length,
                "Aperio Image Library v12.0.15\nlabel " + label.width() + "x" + label.height()));
      }
      tiff.finish();
    } finally {
      pool.shutdownNow();
      encoders.forEach(JpegEncoder::close);
    }
  }

  private List<TiffFileWriter.Entry> levelDirectory(TiffFileWriter tiff, Level level) {
    List<TiffFileWriter.Entry> entries = commonEntries(level.index == 0 ? 0 : 1, level.width,
        level.height, level.downsample);
    if (level.index == 0) {
      entries.add(TiffFileWriter.Entry.ascii(270, options.description()));
    }
    entries.add(new TiffFileWriter.Entry(322, TiffFileWriter.LONG, new long[] {tile}));
    entries.add(new TiffFileWriter.Entry(323, TiffFileWriter.LONG, new long[] {tile}));
    entries.add(new TiffFileWriter.Entry(324, tiff.offsetType(), level.offsets));
    entries.add(new TiffFileWriter.Entry(325, tiff.offsetType(), level.counts));
    return entries;
  }

  private List<TiffFileWriter.Entry> stripDirectory(
      TiffFileWriter tiff, long w, long h, long offset, long count, String description) {
    List<TiffFileWriter.Entry> entries = commonEntries(1, w, h, (double) width / w);
    entries.add(TiffFileWriter.Entry.ascii(270, description));
    entries.add(new TiffFileWriter.Entry(273, tiff.offsetType(), new long[] {offset}));
    entries.add(new TiffFileWriter.Entry(278, TiffFileWriter.LONG, new long[] {h}));
    entries.add(new TiffFileWriter.Entry(279, tiff.offsetType(), new long[] {count}));
    return entries;
  }

  private List<TiffFileWriter.Entry> commonEntries(
      int subfileType, long w, long h, double downsample) {
    List<TiffFileWriter.Entry> entries = new ArrayList<>();
    entries.add(new TiffFileWriter.Entry(254, TiffFileWriter.LONG, new long[] {subfileType}));
    entries.add(new TiffFileWriter.Entry(256, TiffFileWriter.LONG, new long[] {w}));
    entries.add(new TiffFileWriter.Entry(257, TiffFileWriter.LONG, new long[] {h}));
    entries.add(new TiffFileWriter.Entry(258, TiffFileWriter.SHORT, new long[] {8, 8, 8}));
    entries.add(new TiffFileWriter.Entry(259, TiffFileWriter.SHORT, new long[] {7})); // JPEG
    entries.add(new TiffFileWriter.Entry(262, TiffFileWriter.SHORT, new long[] {6})); // YCbCr
    entries.add(new TiffFileWriter.Entry(277, TiffFileWriter.SHORT, new long[] {3}));
    // Pixels per centimetre at this level, so tools other than OpenSlide see the scale too.
    long perCm = Math.round(1e4 / (options.mpp() * downsample) * 1000);
    entries.add(new TiffFileWriter.Entry(282, TiffFileWriter.RATIONAL, new long[] {perCm, 1000}));
    entries.add(new TiffFileWriter.Entry(283, TiffFileWriter.RATIONAL, new long[] {perCm, 1000}));
    entries.add(new TiffFileWriter.Entry(284, TiffFileWriter.SHORT, new long[] {1}));
    entries.add(new TiffFileWriter.Entry(296, TiffFileWriter.SHORT, new long[] {3})); // cm
    entries.add(new TiffFileWriter.Entry(530, TiffFileWriter.SHORT, new long[] {2, 2}));
    return entries;
  }

  /** One pyramid level: its size, tile table, and (below level 0) the tile row being filled. */
  private final class Level {
    final int index;
    final long width;
    final long height;
    final long downsample;
    final int tilesAcross;
    final int tilesDown;
    final long[] offsets;
    final long[] counts;
    int[] strip; // tilesAcross*tile wide, tile rows high; reduced levels only
    int[] capture; // the whole level, for the thumbnail level only

    Level(int index, long width, long height, long downsample) {
      this.index = index;
      this.width = width;
      this.height = height;
      this.downsample = downsample;
      this.tilesAcross = Math.toIntExact((width + tile - 1) / tile);
      this.tilesDown = Math.toIntExact((height + tile - 1) / tile);
      long tiles = (long) tilesAcross * tilesDown;
      if (tiles > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("too many tiles: " + tiles);
      }
      this.offsets = new long[(int) tiles];
      this.counts = new long[(int) tiles];
    }
  }

  /** The state of one write: the file, the thread pool and the encoders. */
  private final class Run {
    private final TiffFileWriter tiff;
    private final ExecutorService pool;
    private final BlockingQueue<JpegEncoder> encoders;
    // Glass is one flat colour: its tiles are encoded once and the bytes written again.
    private final Map<Integer, byte[]> uniformTiles = new ConcurrentHashMap<>();

    Run(TiffFileWriter tiff, ExecutorService pool, BlockingQueue<JpegEncoder> encoders) {
      this.tiff = tiff;
      this.pool = pool;
      this.encoders = encoders;
    }

    void level0(Level0Source source) throws IOException {
      Level level = levels.getFirst();
      for (int ty = 0; ty < level.tilesDown; ty++) {
        int row = ty;
        Level0Source.Band band = source.band((long) ty * tile, tile);
        writeRow(
            level,
            row,
            tx -> {
              int[] pixels = new int[tile * tile];
              band.render((long) tx * tile, tile, pixels);
              whiteOutside(level, tx, row, pixels);
              return pixels;
            });
      }
    }

    /** Renders, encodes and writes one tile row of {@code level}, then feeds the level below. */
    private void writeRow(Level level, int ty, TileSource tiles) throws IOException {
      Level below = level.index + 1 < levels.size() ? levels.get(level.index + 1) : null;
      for (int first = 0; first < level.tilesAcross; first += TILES_PER_BATCH) {
        int last = Math.min(level.tilesAcross, first + TILES_PER_BATCH);
        List<Future<byte[]>> encoded = new ArrayList<>(last - first);
        for (int tx = first; tx < last; tx++) {
          int column = tx;
          Callable<byte[]> job =
              () -> {
                int[] pixels = tiles.tile(column);
                if (level.capture != null) {
                  capture(level, column, ty, pixels);
                }
                if (below != null) {
                  reduceInto(level, below, column, ty, pixels);
                }
                return isUniform(pixels)
                    ? uniformTiles.computeIfAbsent(pixels[0], colour -> encode(pixels))
                    : encode(pixels);
              };
          encoded.add(pool.submit(job));
        }
        for (int tx = first; tx < last; tx++) {
          byte[] jpeg = await(encoded.get(tx - first));
          int index = ty * level.tilesAcross + tx;
          level.offsets[index] = tiff.append(jpeg);
          level.counts[index] = jpeg.length;
        }
      }
      boolean belowRowComplete = (ty % 2 == 1) || ty == level.tilesDown - 1;
      if (below != null && belowRowComplete) {
        int belowRow = ty / 2;
        writeRow(below, belowRow, tx -> stripTile(below, tx, belowRow));
      }
    }

    /** Encodes one tile with an encoder borrowed from the pool (ImageIO writers are single-threaded). */
    private byte[] encode(int[] pixels) {
      JpegEncoder encoder;
      try {
        encoder = encoders.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UncheckedIOException(new InterruptedIOException("interrupted while encoding"));
      }
      try {
        return encoder.encode(pixels, tile, tile);
      } finally {
        encoders.add(encoder);
      }
    }

    private int[] stripTile(Level level, int tx, int ty) {
      int[] pixels = new int[tile * tile];
      int stride = level.tilesAcross * tile;
      for (int y = 0; y < tile; y++) {
        System.arraycopy(level.strip, y * stride + tx * tile, pixels, y * tile, tile);
      }
      whiteOutside(level, tx, ty, pixels);
      return pixels;
    }

    private byte[] await(Future<byte[]> future) throws IOException {
      try {
        return future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while writing the slide");
      } catch (ExecutionException e) {
        if (e.getCause() instanceof UncheckedIOException io) {
          throw io.getCause();
        }
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new IOException("writing a tile failed", e.getCause());
      }
    }
  }

  @FunctionalInterface
  private interface TileSource {
    int[] tile(int tx) throws Exception;
  }

  private static boolean isUniform(int[] pixels) {
    int first = pixels[0];
    for (int p : pixels) {
      if (p != first) {
        return false;
      }
    }
    return true;
  }

  /** Paints the part of an edge tile that lies outside the level white (it is never shown). */
  private void whiteOutside(Level level, int tx, int ty, int[] pixels) {
    int validW = (int) Math.min(tile, level.width - (long) tx * tile);
    int validH = (int) Math.min(tile, level.height - (long) ty * tile);
    if (validW == tile && validH == tile) {
      return;
    }
    for (int y = 0; y < tile; y++) {
      if (y >= validH) {
        Arrays.fill(pixels, y * tile, (y + 1) * tile, WHITE);
      } else if (validW < tile) {
        Arrays.fill(pixels, y * tile + validW, (y + 1) * tile, WHITE);
      }
    }
  }

  private void capture(Level level, int tx, int ty, int[] pixels) {
    int validW = (int) Math.min(tile, level.width - (long) tx * tile);
    int validH = (int) Math.min(tile, level.height - (long) ty * tile);
    for (int y = 0; y < validH; y++) {
      System.arraycopy(pixels, y * tile, level.capture,
          (int) ((ty * tile + y) * level.width + (long) tx * tile), validW);
    }
  }

  /**
   * Averages 2×2 blocks of one tile into the matching quarter of the next level's tile row
   * (rows and columns past the edge repeat the last one). Tiles write disjoint areas, so tiles of
   * one row may be reduced in parallel.
   */
  private void reduceInto(Level level, Level below, int tx, int ty, int[] pixels) {
    int validW = (int) Math.min(tile, level.width - (long) tx * tile);
    int validH = (int) Math.min(tile, level.height - (long) ty * tile);
    int half = tile / 2;
    int stride = below.tilesAcross * tile;
    int rowBase = (ty % 2) * half;
    int outW = (validW + 1) / 2;
    int outH = (validH + 1) / 2;
    for (int j = 0; j < outH; j++) {
      int y0 = 2 * j;
      int y1 = Math.min(y0 + 1, validH - 1);
      int out = (rowBase + j) * stride + tx * half;
      for (int i = 0; i < outW; i++) {
        int x0 = 2 * i;
        int x1 = Math.min(x0 + 1, validW - 1);
        int a = pixels[y0 * tile + x0];
        int b = pixels[y0 * tile + x1];
        int c = pixels[y1 * tile + x0];
        int d = pixels[y1 * tile + x1];
        int r = (((a >> 16) & 255) + ((b >> 16) & 255) + ((c >> 16) & 255) + ((d >> 16) & 255) + 2) >> 2;
        int g = (((a >> 8) & 255) + ((b >> 8) & 255) + ((c >> 8) & 255) + ((d >> 8) & 255) + 2) >> 2;
        int bl = ((a & 255) + (b & 255) + (c & 255) + (d & 255) + 2) >> 2;
        below.strip[out + i] = (r << 16) | (g << 8) | bl;
      }
    }
  }
}
