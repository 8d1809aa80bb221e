package org.mhim.viewer.slide;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An open whole-slide image, read through OpenSlide; {@link #readLevelRegion} reads the stored
 * tiles of TIFF-based slides with libtiff instead where it can ({@link StoredTileReader}; the
 * system property {@code mhim.slide.directTiles=false} turns that off).
 *
 * <p>Safe to read from many threads at once. {@link #close()} waits for reads in flight and then
 * frees the native handle; every call after it throws {@link SlideException} ("closed"). A slide
 * that is never closed is freed by a {@link Cleaner} once unreachable, but close it.
 */
public final class SlideImage implements RegionSource, AutoCloseable {

  private static final Cleaner CLEANER = Cleaner.create();

  /** Whether TIFF-based slides' stored tiles are decoded directly (default) or all via OpenSlide. */
  static final boolean DIRECT_TILES =
      Boolean.parseBoolean(System.getProperty("mhim.slide.directTiles", "true"));

  private final Path path;
  private final MemorySegment osr;
  private final Cleaner.Cleanable cleanable;
  // Reads share the lock; close takes it exclusively, so it can never free the handle mid-read.
  private final Lock readLock;
  private final Lock closeLock;
  private boolean closed; // guarded by closeLock / readLock
  private final SlideMetadata metadata;
  private final String id;
  private final StoredTileReader storedTiles; // null: OpenSlide reads every level

  private SlideImage(Path path, MemorySegment osr, NativeHandle owner) {
    this.path = path;
    this.osr = osr;
    this.cleanable = CLEANER.register(this, owner);
    ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    this.readLock = lock.readLock();
    this.closeLock = lock.writeLock();
    try {
      this.metadata = readMetadata();
      this.id = stableId();
      this.storedTiles = DIRECT_TILES ? StoredTileReader.open(metadata).orElse(null) : null;
      owner.alsoClose(storedTiles);
    } catch (RuntimeException e) {
      cleanable.clean();
      throw e;
    }
  }

  /**
   * Opens a slide.
   *
   * @throws SlideException naming the file and the problem when it is missing, a directory, empty,
   *     not a slide, damaged, or OpenSlide fails on it
   * @throws OpenSlideUnavailableException when libopenslide is not installed
   */
  public static SlideImage open(Path path) {
    Path file = path.toAbsolutePath().normalize();
    Optional<String> problem = SlideFileCheck.beforeOpening(file);
    if (problem.isPresent()) {
      throw new SlideException(file, problem.get());
    }
    String name = file.toString();
    if (OpenSlideNative.detectVendor(name) == null) {
      throw new SlideException(file, SlideFileCheck.unrecognised(file));
    }
    MemorySegment osr = OpenSlideNative.open(name);
    if (osr.equals(MemorySegment.NULL)) {
      throw new SlideException(file, SlideFileCheck.unrecognised(file));
    }
    NativeHandle owner = new NativeHandle(osr);
    String error = OpenSlideNative.getError(osr);
    if (error != null) {
      owner.run();
      throw new SlideException(file, "OpenSlide cannot open it: " + error);
    }
    return new SlideImage(file, osr, owner);
  }

  /**
   * Loads libopenslide and libtiff, links every native function this class calls and reads a tiny
   * temporary TIFF through libtiff: hundreds of milliseconds, once per process, that the first
   * {@link #open} and read would otherwise spend. Call it in the background before a slide is
   * opened. A missing library is left for {@link #open} to report.
   */
  public static void linkNativeLibraries() {
    try {
      OpenSlideNative.getVersion();
    } catch (OpenSlideUnavailableException e) {
      // reported, naming the slide, when one is opened
    }
    if (DIRECT_TILES) {
      StoredTileReader.warmUp();
    }
  }

  /** The OpenSlide library version, e.g. "3.4.1". */
  public static String openSlideVersion() {
    return OpenSlideNative.getVersion();
  }

  /** The slide file (absolute). */
  public Path path() {
    return path;
  }

  /**
   * An id for cache keys: the same for every opening of the same file content (OpenSlide's
   * quickhash when the format has one, else a hash of path, size and modification time).
   */
  public String id() {
    return id;
  }

  @Override
  public SlideMetadata metadata() {
    return metadata;
  }

  @Override
  public ArgbImage readRegion(long x, long y, int level, int width, int height) {
    checkRegion(level, width, height);
    int[] pixels = new int[width * height];
    readLock.lock();
    try {
      ensureOpen();
      if (pixels.length > 0) {
        OpenSlideNative.readRegion(osr, pixels, x, y, level, width, height);
        throwOnError("reading region (" + x + ", " + y + ") " + width + "×" + height + " of level "
            + level);
      }
    } finally {
      readLock.unlock();
    }
    return new ArgbImage(width, height, pixels);
  }

  /**
   * {@inheritDoc}
   *
   * <p>For levels stored as plain TIFF directories with tiles libtiff decodes to RGB (see {@link
   * StoredTileReader}), the stored pixels are decoded and copied, with no resampling; other levels
   * read through OpenSlide at the nearest level-0 position.
   */
  @Override
  public ArgbImage readLevelRegion(int level, long x, long y, int width, int height) {
    checkRegion(level, width, height);
    if (storedTiles == null || !storedTiles.covers(level)) {
      return RegionSource.super.readLevelRegion(level, x, y, width, height);
    }
    readLock.lock();
    try {
      ensureOpen();
      return storedTiles.read(level, x, y, width, height);
    } finally {
      readLock.unlock();
    }
  }

  /** True when {@link #readLevelRegion} reads {@code level} from its stored tiles, not OpenSlide. */
  public boolean readsStoredTiles(int level) {
    return storedTiles != null && storedTiles.covers(level);
  }

  /**
   * Reads a region as interleaved 8-bit RGB bytes (row-major, 3 per pixel) for the model side:
   * OpenSlide's premultiplied pixels composited over white, so transparent areas come out white.
   */
  public byte[] readRgb(long x, long y, int level, int width, int height) {
    return toRgbOverWhite(readRegion(x, y, level, width, height));
  }

  /**
   * Converts premultiplied ARGB to straight RGB bytes composited over white, as slides are viewed
   * (pixels outside the scanned area are transparent and come out white). A channel above its
   * alpha (not valid premultiplied data) saturates at 255 instead of wrapping around.
   */
  public static byte[] toRgbOverWhite(ArgbImage image) {
    int[] pixels = image.pixels();
    byte[] rgb = new byte[pixels.length * 3];
    for (int i = 0, o = 0; i < pixels.length; i++, o += 3) {
      int p = pixels[i];
      // Premultiplied "over" white: c + (255 - a); opaque pixels pass through unchanged.
      int blank = 255 - (p >>> 24);
      rgb[o] = (byte) Math.min(255, ((p >> 16) & 0xFF) + blank);
      rgb[o + 1] = (byte) Math.min(255, ((p >> 8) & 0xFF) + blank);
      rgb[o + 2] = (byte) Math.min(255, (p & 0xFF) + blank);
    }
    return rgb;
  }

  /**
   * Reads an associated image (label, macro, thumbnail, …) whole.
   *
   * @throws SlideException when the slide has no associated image of that name
   */
  public ArgbImage associatedImage(String name) {
    if (!metadata.associatedImages().contains(name)) {
      throw new SlideException(
          path,
          "has no associated image '" + name + "' (it has " + metadata.associatedImages() + ")");
    }
    readLock.lock();
    try {
      ensureOpen();
      OpenSlideNative.Dimensions size = OpenSlideNative.getAssociatedImageDimensions(osr, name);
      throwOnError("reading the size of associated image '" + name + "'");
      if (size.width() * size.height() > Integer.MAX_VALUE - 8) {
        throw new SlideException(path, "associated image '" + name + "' is too large to read");
      }
      int width = (int) size.width();
      int height = (int) size.height();
      int[] pixels = new int[width * height];
      OpenSlideNative.readAssociatedImage(osr, name, pixels);
      throwOnError("reading associated image '" + name + "'");
      return new ArgbImage(width, height, pixels);
    } finally {
      readLock.unlock();
    }
  }

  /** The level best suited to show the slide at {@code downsample} (level-0 pixels per pixel). */
  public int bestLevelForDownsample(double downsample) {
    readLock.lock();
    try {
      ensureOpen();
      return OpenSlideNative.getBestLevelForDownsample(osr, downsample);
    } finally {
      readLock.unlock();
    }
  }

  /** True once {@link #close()} ran. */
  public boolean isClosed() {
    readLock.lock();
    try {
      return closed;
    } finally {
      readLock.unlock();
    }
  }

  /** Frees the native slide after reads in flight finish; later calls throw. Idempotent. */
  @Override
  public void close() {
    closeLock.lock();
    try {
      if (!closed) {
        closed = true;
        cleanable.clean();
      }
    } finally {
      closeLock.unlock();
    }
  }

  @Override
  public String toString() {
    return "SlideImage[" + path + "]";
  }

  private void ensureOpen() {
    if (closed) {
      throw new SlideException(path, "closed");
    }
  }

  private void checkRegion(int level, int width, int height) {
    if (level < 0 || level >= metadata.levelCount()) {
      throw new IllegalArgumentException(
          path + ": level " + level + " does not exist (levels 0–" + (metadata.levelCount() - 1)
              + ")");
    }
    if (width < 0 || height < 0 || (long) width * height > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          path + ": region size " + width + "×" + height + " is negative or too large");
    }
  }

  /** Turns OpenSlide's sticky error into an exception naming the file. */
  private void throwOnError(String doing) {
    String error = OpenSlideNative.getError(osr);
    if (error != null) {
      throw new SlideException(path, "OpenSlide failed " + doing + ": " + error);
    }
  }

  private SlideMetadata readMetadata() {
    throwOnError("opening");
    int count = OpenSlideNative.getLevelCount(osr);
    if (count < 1) {
      throwOnError("counting levels");
      throw new SlideException(path, "has no pyramid levels");
    }
    List<SlideLevel> levels = new ArrayList<>(count);
    for (int level = 0; level < count; level++) {
      OpenSlideNative.Dimensions size = OpenSlideNative.getLevelDimensions(osr, level);
      levels.add(
          new SlideLevel(
              size.width(), size.height(), OpenSlideNative.getLevelDownsample(osr, level)));
    }
    Map<String, String> properties = new LinkedHashMap<>();
    for (String name : OpenSlideNative.getPropertyNames(osr)) {
      String value = OpenSlideNative.getPropertyValue(osr, name);
      if (value != null) {
        properties.put(name, value);
      }
    }
    List<String> associated = OpenSlideNative.getAssociatedImageNames(osr);
    throwOnError("reading metadata");
    return new SlideMetadata(
        path,
        properties.getOrDefault("openslide.vendor", "unknown"),
        levels,
        number(properties.get("openslide.mpp-x")),
        number(properties.get("openslide.mpp-y")),
        number(properties.get("openslide.objective-power")),
        properties,
        associated);
  }

  private static OptionalDouble number(String value) {
    if (value == null) {
      return OptionalDouble.empty();
    }
    try {
      double parsed = Double.parseDouble(value.trim());
      return Double.isFinite(parsed) && parsed > 0
          ? OptionalDouble.of(parsed)
          : OptionalDouble.empty();
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }

  private String stableId() {
    String quickhash = metadata.properties().get("openslide.quickhash-1");
    if (quickhash != null && !quickhash.isBlank()) {
      return "qh1-" + quickhash.substring(0, Math.min(32, quickhash.length()));
    }
    try {
      String fingerprint =
          path + "|" + Files.size(path) + "|" + Files.getLastModifiedTime(path).toMillis();
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(fingerprint.getBytes(StandardCharsets.UTF_8));
      return "file-" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (IOException e) {
      throw new SlideException(path, "cannot be read: " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /**
   * Owns the native handle and the stored-tile reader's; runs exactly once, from close() or from
   * the Cleaner.
   */
  private static final class NativeHandle implements Runnable {
    private final MemorySegment osr;
    private final AtomicBoolean freed = new AtomicBoolean();
    private volatile StoredTileReader storedTiles;

    NativeHandle(MemorySegment osr) {
      this.osr = osr;
    }

    /** Set once, while the slide is being opened; null when there is none. */
    void alsoClose(StoredTileReader reader) {
      this.storedTiles = reader;
    }

    @Override
    public void run() {
      if (freed.compareAndSet(false, true)) {
        try {
          if (storedTiles != null) {
            storedTiles.close();
          }
        } finally {
          OpenSlideNative.close(osr);
        }
      }
    }
  }
}
