package org.mhim.viewer.slide;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.Optional;

/**
 * The few libtiff 4.5 functions ({@code libtiff.so.6}, Debian's libtiff6, which libopenslide0
 * already depends on) that decode a slide's stored tiles, through {@code java.lang.foreign}. As
 * {@link OpenSlideNative}: one static wrapper per C function, each handle beside it; policy lives in
 * {@link TiffTileHandle} and {@link StoredTileReader}.
 *
 * <p>libtiff reports problems through handlers. Every TIFF opened here gets its own pair (via
 * {@code TIFFOpenExt}), so the process-wide handlers, which OpenSlide's own libtiff use shares, are
 * left alone: errors are formatted into a per-handle buffer (the handler's user data), warnings
 * are dropped, and nothing reaches stderr.
 */
@SuppressWarnings("restricted")
final class LibTiffNative {

  /** The shared library, or what the system property {@code mhim.libtiff.library} names. */
  static final String LIBRARY = System.getProperty("mhim.libtiff.library", "libtiff.so.6");

  /** Size of the per-handle error text buffer, NUL included. */
  static final int ERROR_TEXT_BYTES = 512;

  // Tags and values (tiff.h).
  static final int TAG_IMAGE_WIDTH = 256;
  static final int TAG_IMAGE_LENGTH = 257;
  static final int TAG_BITS_PER_SAMPLE = 258;
  static final int TAG_COMPRESSION = 259;
  static final int TAG_PHOTOMETRIC = 262;
  static final int TAG_ORIENTATION = 274;
  static final int TAG_SAMPLES_PER_PIXEL = 277;
  static final int TAG_PLANAR_CONFIG = 284;
  static final int TAG_TILE_WIDTH = 322;
  static final int TAG_TILE_LENGTH = 323;
  static final int TAG_JPEG_COLOR_MODE = 65538; // a pseudo tag of libtiff's JPEG codec
  static final int JPEG_COLOR_MODE_RGB = 1;

  static final int COMPRESSION_NONE = 1;
  static final int COMPRESSION_LZW = 5;
  static final int COMPRESSION_JPEG = 7;
  static final int COMPRESSION_ADOBE_DEFLATE = 8;
  static final int COMPRESSION_DEFLATE = 32946;
  static final int PHOTOMETRIC_RGB = 2;
  static final int PHOTOMETRIC_YCBCR = 6;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final Optional<SymbolLookup> LOOKUP = NativeLibrary.load(LIBRARY);

  private LibTiffNative() {}

  /**
   * True when libtiff 4.5 or newer is there (with every function bound here). The first call
   * loads and links it: a few hundred milliseconds on a busy machine, see {@link
   * SlideImage#linkNativeLibraries()}.
   */
  static boolean available() {
    return AVAILABLE;
  }

  private static MethodHandle function(
      String name, MemoryLayout result, MemoryLayout[] args, Linker.Option... options) {
    if (LOOKUP.isEmpty()) {
      return null;
    }
    Optional<MemorySegment> symbol = LOOKUP.get().find(name);
    if (symbol.isEmpty()) {
      return null;
    }
    return NativeLibrary.downcall(symbol.get(), result, args, options);
  }

  private static MethodHandle function(String name, MemoryLayout result, MemoryLayout... args) {
    return function(name, result, args, new Linker.Option[0]);
  }

  // ---- int vsnprintf(char *str, size_t size, const char *format, va_list ap)  (libc)
  // On x86-64 and AArch64 Linux a va_list argument is passed as a pointer, as the handler gets it.

  private static final MethodHandle VSNPRINTF =
      LINKER
          .defaultLookup()
          .find("vsnprintf")
          .map(
              s ->
                  LINKER.downcallHandle(
                      s, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS)))
          .orElse(null);

  // ---- typedef int (*TIFFErrorHandlerExtR)(TIFF *, void *user_data, const char *module,
  //                                          const char *fmt, va_list ap)

  private static final FunctionDescriptor HANDLER =
      FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);

  /**
   * Keeps the first error since the buffer was cleared (later ones are usually consequences);
   * warnings (unknown tags, odd but readable values), registered with no buffer, are dropped.
   * Returns 1: handled, so libtiff does not call the process-wide handler. An upcall that threw
   * would end the JVM, hence the catch-all. One handler for both: each upcall stub costs tens of
   * milliseconds to make.
   */
  private static int onMessage(
      MemorySegment tif, MemorySegment userData, MemorySegment module, MemorySegment fmt,
      MemorySegment ap) {
    try {
      if (userData.equals(MemorySegment.NULL) || VSNPRINTF == null) {
        return 1;
      }
      MemorySegment text = userData.reinterpret(ERROR_TEXT_BYTES);
      if (text.get(JAVA_BYTE, 0) == 0) {
        int written = (int) VSNPRINTF.invokeExact(text, (long) ERROR_TEXT_BYTES, fmt, ap);
        if (written <= 0) {
          text.setString(0, "unknown libtiff error");
        }
      }
    } catch (Throwable ignored) {
      // Nothing may leave an upcall; the failed call's return value still reports the error.
    }
    return 1;
  }

  private static final MemorySegment MESSAGE_HANDLER = upcall("onMessage");

  private static MemorySegment upcall(String method) {
    try {
      MethodHandle target =
          MethodHandles.lookup()
              .findStatic(LibTiffNative.class, method, HANDLER.toMethodType());
      return LINKER.upcallStub(target, HANDLER, Arena.global());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- TIFFOpenOptions *TIFFOpenOptionsAlloc(void); void TIFFOpenOptionsFree(TIFFOpenOptions *)
  // ---- void TIFFOpenOptionsSet{Error,Warning}HandlerExtR(TIFFOpenOptions *, handler, void *)
  // ---- TIFF *TIFFOpenExt(const char *name, const char *mode, TIFFOpenOptions *)

  private static final MethodHandle OPTIONS_ALLOC = function("TIFFOpenOptionsAlloc", ADDRESS);
  private static final MethodHandle OPTIONS_FREE = function("TIFFOpenOptionsFree", null, ADDRESS);
  private static final MethodHandle OPTIONS_SET_ERROR =
      function("TIFFOpenOptionsSetErrorHandlerExtR", null, ADDRESS, ADDRESS, ADDRESS);
  private static final MethodHandle OPTIONS_SET_WARNING =
      function("TIFFOpenOptionsSetWarningHandlerExtR", null, ADDRESS, ADDRESS, ADDRESS);
  private static final MethodHandle OPEN_EXT =
      function("TIFFOpenExt", ADDRESS, ADDRESS, ADDRESS, ADDRESS);

  /**
   * Opens a TIFF for reading with its own handlers writing into {@code errorText} ({@link
   * #ERROR_TEXT_BYTES} long, which must outlive the handle). Mode "rOm": read; load each tile
   * offset when it is first needed instead of a level's whole table (megabytes at level 0); and
   * read with read(2), not a memory map, so a file truncated while open gives a read error, not
   * a SIGBUS that kills the JVM.
   *
   * @return the {@code TIFF *}, NULL on failure (the reason is then in {@code errorText})
   */
  static MemorySegment open(String filename, MemorySegment errorText) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment options = (MemorySegment) OPTIONS_ALLOC.invokeExact();
      if (options.equals(MemorySegment.NULL)) {
        throw new OutOfMemoryError("TIFFOpenOptionsAlloc failed");
      }
      try {
        OPTIONS_SET_ERROR.invokeExact(options, MESSAGE_HANDLER, errorText);
        OPTIONS_SET_WARNING.invokeExact(options, MESSAGE_HANDLER, MemorySegment.NULL);
        return (MemorySegment)
            OPEN_EXT.invokeExact(
                arena.allocateFrom(filename), arena.allocateFrom("rOm"), options);
      } finally {
        OPTIONS_FREE.invokeExact(options);
      }
    } catch (Throwable t) {
      throw NativeLibrary.rethrow(t);
    }
  }

  // ---- void TIFFClose(TIFF *)

  private static final MethodHandle CLOSE = function("TIFFClose", null, ADDRESS);

  static void close(MemorySegment tif) {
    try {
      CLOSE.invokeExact(tif);
    } catch (Throwable t) {
      throw NativeLibrary.rethrow(t);
    }
  }

  // ---- int TIFFSetDirectory(TIFF *, tdir_t)   (tdir_t: uint32_t since libtiff 4.5)

  private static final MethodHandle SET_DIRECTORY =
      function("TIFFSetDirectory", JAVA_INT, ADDRESS, JAVA_INT);

  /** Makes directory {@code index} (0-based) current; false when it cannot be read. */
  static boolean setDirectory(MemorySegment tif, int index) {
    try {
      return (int) SET_DIRECTORY.invokeExact(tif, index) == 1;
    } catch (Throwable t) {
      throw NativeLibrary.rethrow(t);
    }
  }

  // ---- int TIFFReadDirectory(TIFF *)

  private static final MethodHandle READ_DIRECTORY =
      function("TIFFReadDirectory", JAVA_INT, ADDRESS);

  /** Moves on to the next directory; false at the last one or when it cannot be read. */
  static boolean readDirectory(MemorySegment tif) {
    try {
      return (int) READ_DIRECTORY.invokeExact(tif) == 1;
    } catch (Throwable t) {
      throw NativeLibrary.rethrow(t);
    }
  }

  // ---- int TIFFIsTiled(TIFF *)

  private static final MethodHandle IS_TILED = function("TIFFIsTiled", JAVA_INT, ADDRESS);

  static boolean isTiled(MemorySegment tif) {
    try {
      return (int) IS_TILED.invokeExact(tif) != 0;
    } catch (Throwable t) {
      throw NativeLibrary.rethrow(t);
    }
  }

  // ---- int TIFFGetFieldDefaulted(TIFF *, uint32_t tag, ...)   (variadic: one out-pointer)

  private static final MethodHandle GET_FIELD_DEFAULTED =
      function(
          "TIFFGetFieldDefaulted",
          JAVA_INT,
          new MemoryLayout[] {ADDRESS, JAVA_INT, ADDRESS},
          Linker.Option.firstVariadicArg(2));

  /** A uint32 field of the current directory, or -1 when absent and without a default. */
  static long uint32Field(MemorySegment tif, int tag) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment value = arena.allocate(JAVA_INT);
      int found = (int) GET_FIELD_DEFAULTED.invokeExact(tif, tag, value);
      return found == 1 ? Integer.toUnsignedLong(value.get(JAVA_INT, 0)) : -1;
    } catch (Throwable t) {
      throw NativeLibrary.rethrow(t);
    }
  }

  /** A uint16 field of the current directory, or -1 when absent and without a default. */
  static int uint16Field(MemorySegment tif, int tag) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment value = arena.allocate(JAVA_SHORT);
      int found = (int) GET_FIELD_DEFAULTED.invokeExact(tif, tag, value);
      return found == 1 ? Short.toUnsignedInt(value.get(JAVA_SHORT, 0)) : -1;
    } catch (Throwable t) {
      throw NativeLibrary.rethrow(t);
    }
  }

  // ---- int TIFFSetField(TIFF *, uint32_t tag, ...)   (variadic: one int value here)

  private static final MethodHandle SET_FIELD_INT =
      function(
          "TIFFSetField",
          JAVA_INT,
          new MemoryLayout[] {ADDRESS, JAVA_INT, JAVA_INT},
          Linker.Option.firstVariadicArg(2));

  static boolean setIntField(MemorySegment tif, int tag, int value) {
    try {
      return (int) SET_FIELD_INT.invokeExact(tif, tag, value) == 1;
    } catch (Throwable t) {
      throw NativeLibrary.rethrow(t);
    }
  }

  // ---- tmsize_t TIFFReadEncodedTile(TIFF *, uint32_t tile, void *buf, tmsize_t size)

  private static final MethodHandle READ_ENCODED_TILE =
      function("TIFFReadEncodedTile", JAVA_LONG, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG);

  /** Decodes tile {@code index} into {@code buffer}; the bytes written, or -1 on error. */
  static long readEncodedTile(MemorySegment tif, int index, MemorySegment buffer) {
    try {
      return (long) READ_ENCODED_TILE.invokeExact(tif, index, buffer, buffer.byteSize());
    } catch (Throwable t) {
      throw NativeLibrary.rethrow(t);
    }
  }

  private static final boolean AVAILABLE =
      VSNPRINTF != null
          && OPTIONS_ALLOC != null
          && OPTIONS_FREE != null
          && OPTIONS_SET_ERROR != null
          && OPTIONS_SET_WARNING != null
          && OPEN_EXT != null
          && CLOSE != null
          && SET_DIRECTORY != null
          && READ_DIRECTORY != null
          && IS_TILED != null
          && GET_FIELD_DEFAULTED != null
          && SET_FIELD_INT != null
          && READ_ENCODED_TILE != null;
}
