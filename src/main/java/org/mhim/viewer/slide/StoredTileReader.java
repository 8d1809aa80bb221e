package org.mhim.viewer.slide;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Reads regions of a TIFF-based slide's levels straight from its stored tiles with libtiff, in
 * pixels of the level itself.
 *
 * <p>Why: OpenSlide takes level-0 coordinates and divides them by the level's downsample, which is
 * rarely a whole number (4.0003, 63.99…); its read then lands between pixels and it paints the
 * stored tiles through a bilinear filter, which costs several times their decoding. Here a read
 * only decodes and copies.
 *
 * <p>Only levels that are plain TIFF directories (OpenSlide's {@code generic-tiff} and {@code
 * aperio} vendors) and whose tiles {@link TiffDirectory#decodesToRgb()} accepts are covered; the
 * caller reads other levels through OpenSlide. libtiff handles are not thread-safe and a directory
 * switch re-reads an IFD, so each level keeps a small pool of handles parked on its directory.
 * Safe to call from many threads; {@link #close()} frees idle handles at once and busy ones when
 * their read finishes.
 */
final class StoredTileReader implements AutoCloseable {

  /** The OpenSlide vendors whose levels are TIFF directories read as stored. */
  static final Set<String> VENDORS = Set.of("generic-tiff", "aperio");

  /**
   * Handles kept per level when idle (the viewer reads with two threads); more are opened while
   * more threads read at once and closed after. Each holds a file descriptor and a tile buffer.
   */
  private static final int IDLE_HANDLES_PER_LEVEL = 2;

  private final Path path;
  private final List<Optional<LevelTiles>> levels;

  private StoredTileReader(Path path, List<Optional<LevelTiles>> levels) {
    this.path = path;
    this.levels = levels;
  }

  /**
   * A reader for the levels of {@code metadata} that map onto directories of the slide's TIFF,
   * or empty when none does (not a vendor read here, not a TIFF libtiff can open, no level with
   * tiles decodable here, libtiff missing). Empty is not an error: OpenSlide reads everything then.
   */
  static Optional<StoredTileReader> open(SlideMetadata metadata) {
    if (!VENDORS.contains(metadata.vendor()) || !LibTiffNative.available()) {
      return Optional.empty();
    }
    Path path = metadata.path();
    List<TiffDirectory> directories;
    try (TiffTileHandle probe = new TiffTileHandle(path, false)) {
      directories = probe.describeAll();
    } catch (SlideException e) {
      // libtiff refuses what OpenSlide opened: OpenSlide keeps reading it, and says why if it fails.
      return Optional.empty();
    }
    List<Optional<LevelTiles>> levels = new ArrayList<>();
    Set<Integer> used = new HashSet<>();
    boolean any = false;
    for (int level = 0; level < metadata.levelCount(); level++) {
      Optional<TiffDirectory> match = match(metadata, level, directories, used);
      match.ifPresent(d -> used.add(d.index()));
      Optional<LevelTiles> tiles =
          match.filter(TiffDirectory::decodesToRgb).map(d -> new LevelTiles(path, d));
      any |= tiles.isPresent();
      levels.add(tiles);
    }
    return any ? Optional.of(new StoredTileReader(path, List.copyOf(levels))) : Optional.empty();
  }

  /**
   * The unused tiled directory with the level's size and OpenSlide's tile size for it, the first
   * in file order (OpenSlide takes levels in file order too).
   */
  private static Optional<TiffDirectory> match(
      SlideMetadata metadata, int level, List<TiffDirectory> directories, Set<Integer> used) {
    SlideLevel wanted = metadata.level(level);
    int tileWidth = metadata.tileWidth(level).orElse(-1);
    int tileHeight = metadata.tileHeight(level).orElse(-1);
    if (tileWidth < 1 || tileHeight < 1) {
      return Optional.empty();
    }
    return directories.stream()
        .filter(d -> !used.contains(d.index()))
        .filter(d -> d.width() == wanted.width() && d.height() == wanted.height())
        .filter(d -> d.tileWidth() == tileWidth && d.tileHeight() == tileHeight)
        .findFirst();
  }

  /**
   * Opens and reads a tiny slide of this layout (written to a temporary file and deleted), so the
   * first real open does not pay for linking libtiff, the first call through each function and
   * libjpeg's start-up: tens of milliseconds on the way to a slide's first frame. Best effort: a
   * failure here is left for a real slide's open or read to report, with its name.
   *
   * @return whether the tiny slide was read (false: libtiff missing, or the warm-up failed)
   */
  static boolean warmUp() {
    if (!LibTiffNative.available()) {
      return false;
    }
    Path file = null;
    try {
      file = Files.createTempFile("mhimview-warm-up", ".tif");
      int tile = 16;
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        // One uncompressed RGB tile: no encoder to start up for it (the JDK's JPEG writer takes
        // longer than all the rest together).
        TiffFileWriter tiff = new TiffFileWriter(channel, false);
        byte[] pixels = new byte[3 * tile * tile];
        Arrays.fill(pixels, (byte) 0xE0);
        long offset = tiff.append(pixels);
        tiff.addDirectory(List.of(
            new TiffFileWriter.Entry(256, TiffFileWriter.LONG, new long[] {tile}),
            new TiffFileWriter.Entry(257, TiffFileWriter.LONG, new long[] {tile}),
            new TiffFileWriter.Entry(258, TiffFileWriter.SHORT, new long[] {8, 8, 8}),
            new TiffFileWriter.Entry(259, TiffFileWriter.SHORT, new long[] {1}),
            new TiffFileWriter.Entry(262, TiffFileWriter.SHORT, new long[] {2}),
            new TiffFileWriter.Entry(277, TiffFileWriter.SHORT, new long[] {3}),
            new TiffFileWriter.Entry(284, TiffFileWriter.SHORT, new long[] {1}),
            new TiffFileWriter.Entry(322, TiffFileWriter.LONG, new long[] {tile}),
            new TiffFileWriter.Entry(323, TiffFileWriter.LONG, new long[] {tile}),
            new TiffFileWriter.Entry(324, TiffFileWriter.LONG, new long[] {offset}),
            new TiffFileWriter.Entry(325, TiffFileWriter.LONG, new long[] {pixels.length})));
        tiff.finish();
      }
      SlideMetadata metadata = new SlideMetadata(file, "generic-tiff",
          List.of(new SlideLevel(tile, tile, 1)), OptionalDouble.empty(), OptionalDouble.empty(),
          OptionalDouble.empty(),
          Map.of("openslide.level[0].tile-width", "" + tile,
              "openslide.level[0].tile-height", "" + tile), List.of());
      Optional<StoredTileReader> reader = open(metadata);
      if (reader.isEmpty()) {
        return false;
      }
      try (StoredTileReader tiles = reader.get()) {
        // Half inside, half beyond the edge: the copy and the transparent margin both run.
        int[] pixels = tiles.read(0, 8, 8, tile, tile).pixels();
        return pixels[0] == 0xFFE0E0E0 && pixels[pixels.length - 1] == 0;
      }
    } catch (IOException | RuntimeException e) {
      return false; // best effort, see above
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // a file left in the temporary folder
        }
      }
    }
  }

  /** True when {@code level}'s tiles are read here, false when OpenSlide must read it. */
  boolean covers(int level) {
    return level >= 0 && level < levels.size() && levels.get(level).isPresent();
  }

  /**
   * Reads {@code width × height} pixels of {@code level} from level pixel ({@code x}, {@code y}):
   * premultiplied ARGB, opaque where the level has pixels, transparent (0) beyond its edges.
   *
   * @throws IllegalArgumentException when the level is not {@link #covers covered}
   * @throws SlideException naming the file when a tile cannot be decoded or the reader is closed
   */
  ArgbImage read(int level, long x, long y, int width, int height) {
    if (!covers(level)) {
      throw new IllegalArgumentException(path + ": level " + level + " is not read from stored tiles");
    }
    return levels.get(level).get().read(level, x, y, width, height);
  }

  /** Closes every idle handle now and every busy one when its read returns. Idempotent. */
  @Override
  public void close() {
    for (Optional<LevelTiles> level : levels) {
      level.ifPresent(LevelTiles::close);
    }
  }

  /** One level's directory and its pool of handles. */
  private static final class LevelTiles {
    private final Path path;
    private final TiffDirectory directory;
    private final ArrayDeque<TiffTileHandle> idle = new ArrayDeque<>(); // guarded by this
    private boolean closed; // guarded by this

    LevelTiles(Path path, TiffDirectory directory) {
      this.path = path;
      this.directory = directory;
    }

    ArgbImage read(int level, long x, long y, int width, int height) {
      int[] out = new int[Math.multiplyExact(width, height)];
      long x0 = Math.max(x, 0);
      long y0 = Math.max(y, 0);
      long x1 = Math.min(x + width, directory.width());
      long y1 = Math.min(y + height, directory.height());
      if (x0 >= x1 || y0 >= y1) {
        return new ArgbImage(width, height, out); // wholly outside the level: transparent
      }
      int tw = (int) directory.tileWidth();
      int th = (int) directory.tileHeight();
      byte[] rgb = new byte[3 * tw * th];
      TiffTileHandle handle = borrow();
      boolean healthy = false;
      try {
        for (long row = y0 / th; row <= (y1 - 1) / th; row++) {
          for (long col = x0 / tw; col <= (x1 - 1) / tw; col++) {
            int index = Math.toIntExact(row * directory.tilesAcross() + col);
            handle.readTile(index, rgb, "stored tile (" + col + ", " + row + ") of level " + level
                + " (TIFF directory " + directory.index() + ")");
            copy(rgb, col * tw, row * th, tw, th, x, y, width, x0, y0, x1, y1, out);
          }
        }
        healthy = true;
      } finally {
        giveBack(handle, healthy);
      }
      return new ArgbImage(width, height, out);
    }

    /**
     * Copies the part of one decoded tile (at level pixel tx, ty) inside the clip rectangle
     * [x0, x1) × [y0, y1) into {@code out}, whose top-left is level pixel (x, y).
     */
    private static void copy(
        byte[] rgb, long tx, long ty, int tw, int th, long x, long y, int width,
        long x0, long y0, long x1, long y1, int[] out) {
      int fromX = (int) (Math.max(x0, tx) - tx);
      int toX = (int) (Math.min(x1, tx + tw) - tx);
      int fromY = (int) (Math.max(y0, ty) - ty);
      int toY = (int) (Math.min(y1, ty + th) - ty);
      for (int j = fromY; j < toY; j++) {
        int in = 3 * (j * tw + fromX);
        int o = (int) ((ty + j - y) * width + (tx + fromX - x));
        for (int i = fromX; i < toX; i++, in += 3, o++) {
          out[o] = 0xFF000000 | (rgb[in] & 0xFF) << 16 | (rgb[in + 1] & 0xFF) << 8 | (rgb[in + 2] & 0xFF);
        }
      }
    }

    private TiffTileHandle borrow() {
      synchronized (this) {
        if (closed) {
          throw new SlideException(path, "closed");
        }
        TiffTileHandle handle = idle.pollFirst();
        if (handle != null) {
          return handle;
        }
      }
      // Opened outside the lock: other threads keep borrowing meanwhile.
      TiffTileHandle handle = new TiffTileHandle(path, true);
      try {
        handle.select(directory.index());
        handle.prepare(directory);
        return handle;
      } catch (RuntimeException e) {
        handle.close();
        throw e;
      }
    }

    /** A handle whose read failed may hold half-decoded codec state: it is closed, not reused. */
    private void giveBack(TiffTileHandle handle, boolean healthy) {
      synchronized (this) {
        if (healthy && !closed && idle.size() < IDLE_HANDLES_PER_LEVEL) {
          idle.addFirst(handle);
          return;
        }
      }
      handle.close();
    }

    void close() {
      List<TiffTileHandle> toClose;
      synchronized (this) {
        closed = true;
        toClose = List.copyOf(idle);
        idle.clear();
      }
      toClose.forEach(TiffTileHandle::close);
    }
  }

  @Override
  public String toString() {
    return "StoredTileReader[" + path + ", levels " + Arrays.toString(
        levels.stream().map(l -> l.map(t -> t.directory.index()).orElse(-1)).toArray()) + "]";
  }
}
