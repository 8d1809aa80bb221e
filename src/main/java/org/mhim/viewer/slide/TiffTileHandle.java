package org.mhim.viewer.slide;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One libtiff handle on one slide file, with its error text and a tile buffer. Not thread-safe
 * (libtiff handles are not): one thread uses it at a time, which {@link StoredTileReader}'s pools
 * ensure. Switching directory re-reads an IFD, so a handle serving tiles stays on one directory.
 */
final class TiffTileHandle implements AutoCloseable {

  private final Path path;
  private final Arena arena;
  private final MemorySegment errorText;
  private final MemorySegment tif;
  private MemorySegment tileBuffer;
  private boolean closed;

  /**
   * Opens {@code path}.
   *
   * @param shared whether threads will take turns with it (a pooled handle); a handle used and
   *     closed on one thread is cheaper to close (no handshake with every thread)
   * @throws SlideException naming the file when libtiff cannot open it
   */
  TiffTileHandle(Path path, boolean shared) {
    this.path = path;
    this.arena = shared ? Arena.ofShared() : Arena.ofConfined();
    this.errorText = arena.allocate(LibTiffNative.ERROR_TEXT_BYTES);
    MemorySegment opened;
    try {
      opened = LibTiffNative.open(path.toString(), errorText);
    } catch (RuntimeException e) {
      arena.close();
      throw e;
    }
    if (opened.equals(MemorySegment.NULL)) {
      String problem = error();
      arena.close();
      throw new SlideException(path, "libtiff cannot open it: " + problem);
    }
    this.tif = opened;
  }

  /**
   * Every directory of the file described, in file order (reading each once, as TIFFSetDirectory
   * per index would re-walk the chain from the start); leaves the handle on the last one.
   */
  List<TiffDirectory> describeAll() {
    List<TiffDirectory> directories = new ArrayList<>();
    clearError();
    int index = 0;
    do {
      directories.add(describe(index++));
    } while (LibTiffNative.readDirectory(tif));
    return directories;
  }

  /**
   * Makes directory {@code index} current.
   *
   * @throws SlideException when libtiff cannot read it
   */
  void select(int index) {
    clearError();
    if (!LibTiffNative.setDirectory(tif, index)) {
      throw new SlideException(path, "libtiff cannot read TIFF directory " + index + ": " + error());
    }
  }

  /** What the current directory holds, as far as reading its tiles goes. */
  private TiffDirectory describe(int index) {
    boolean tiled = LibTiffNative.isTiled(tif);
    return new TiffDirectory(
        index,
        LibTiffNative.uint32Field(tif, LibTiffNative.TAG_IMAGE_WIDTH),
        LibTiffNative.uint32Field(tif, LibTiffNative.TAG_IMAGE_LENGTH),
        tiled ? LibTiffNative.uint32Field(tif, LibTiffNative.TAG_TILE_WIDTH) : -1,
        tiled ? LibTiffNative.uint32Field(tif, LibTiffNative.TAG_TILE_LENGTH) : -1,
        LibTiffNative.uint16Field(tif, LibTiffNative.TAG_BITS_PER_SAMPLE),
        LibTiffNative.uint16Field(tif, LibTiffNative.TAG_SAMPLES_PER_PIXEL),
        LibTiffNative.uint16Field(tif, LibTiffNative.TAG_PLANAR_CONFIG),
        LibTiffNative.uint16Field(tif, LibTiffNative.TAG_COMPRESSION),
        LibTiffNative.uint16Field(tif, LibTiffNative.TAG_PHOTOMETRIC),
        LibTiffNative.uint16Field(tif, LibTiffNative.TAG_ORIENTATION));
  }

  /**
   * Prepares to decode tiles of {@code directory} (already selected) as 8-bit RGB: JPEG YCbCr is
   * converted to RGB by libjpeg, as OpenSlide's own libtiff read does.
   */
  void prepare(TiffDirectory directory) {
    if (directory.compression() == LibTiffNative.COMPRESSION_JPEG
        && directory.photometric() == LibTiffNative.PHOTOMETRIC_YCBCR
        && !LibTiffNative.setIntField(
            tif, LibTiffNative.TAG_JPEG_COLOR_MODE, LibTiffNative.JPEG_COLOR_MODE_RGB)) {
      throw new SlideException(path, "libtiff cannot convert TIFF directory "
          + directory.index() + " to RGB: " + error());
    }
    tileBuffer = arena.allocate(3L * directory.tileWidth() * directory.tileHeight());
  }

  /**
   * Decodes tile {@code index} of the prepared directory into {@code rgb} (tile width × height × 3
   * bytes, row-major).
   *
   * @throws SlideException naming the file and libtiff's reason when the tile cannot be decoded
   */
  void readTile(int index, byte[] rgb, String where) {
    clearError();
    long read = LibTiffNative.readEncodedTile(tif, index, tileBuffer);
    if (read < 0) {
      throw new SlideException(path, "cannot decode " + where + ": " + error());
    }
    // A short tile (a truncated strip of data) leaves the rest of the buffer stale: zero it.
    int n = (int) Math.min(read, rgb.length);
    MemorySegment.copy(tileBuffer, JAVA_BYTE, 0, rgb, 0, n);
    if (n < rgb.length) {
      Arrays.fill(rgb, n, rgb.length, (byte) 0);
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      LibTiffNative.close(tif);
      arena.close();
    }
  }

  private void clearError() {
    errorText.set(JAVA_BYTE, 0, (byte) 0);
  }

  private String error() {
    String text = errorText.getString(0).strip();
    return text.isEmpty() ? "libtiff gave no reason" : text;
  }
}
