package org.mhim.viewer.slide;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The OpenSlide 3.4.1 C API ({@code libopenslide.so.0}) through {@code java.lang.foreign}: one
 * static wrapper per C function, each method handle declared beside it. Wrappers convert strings
 * and out-parameters and nothing more; lifetime, locking and error policy live in {@link
 * SlideImage}. A slide handle is passed as the raw {@code openslide_t *} segment.
 */
@SuppressWarnings("restricted")
final class OpenSlideNative {

  /**
   * The shared library: {@code libopenslide.so.0} (Debian's libopenslide0), or what the system
   * property {@code mhim.openslide.library} names (a bundled copy, say).
   */
  static final String LIBRARY = System.getProperty("mhim.openslide.library", "libopenslide.so.0");

  /** A C string pointer whose target may be read up to its terminating NUL. */
  private static final AddressLayout C_STRING =
      ADDRESS.withTargetLayout(MemoryLayout.sequenceLayout(Long.MAX_VALUE, JAVA_BYTE));

  /** {@code const char * const *}: a NULL-terminated array of C strings. */
  private static final AddressLayout C_STRING_ARRAY =
      ADDRESS.withTargetLayout(MemoryLayout.sequenceLayout(Long.MAX_VALUE / 8, C_STRING));

  /** Loaded once for the life of the process, like any shared library. */
  private static final Optional<SymbolLookup> LOOKUP = NativeLibrary.load(LIBRARY);

  private OpenSlideNative() {}

  /** Throws a clear, actionable error when libopenslide is not installed. */
  static void requireLibrary() {
    if (LOOKUP.isEmpty()) {
      throw new OpenSlideUnavailableException(
          "OpenSlide ("
              + LIBRARY
              + ") is not installed; install the Debian package libopenslide0: "
              + "sudo apt-get install -y libopenslide0");
    }
  }

  /** A downcall handle, or null when the library is missing (then {@link #requireLibrary} throws). */
  private static MethodHandle function(String name, MemoryLayout result, MemoryLayout... args) {
    if (LOOKUP.isEmpty()) {
      return null;
    }
    MemorySegment symbol =
        LOOKUP
            .get()
            .find(name)
            .orElseThrow(
                () ->
                    new OpenSlideUnavailableException(
                        LIBRARY + " lacks " + name + "; OpenSlide 3.4.1 or newer is needed"));
    return NativeLibrary.downcall(symbol, result, args);
  }

  private static String stringOrNull(MemorySegment pointer) {
    return pointer.equals(MemorySegment.NULL) ? null : pointer.getString(0);
  }

  private static List<String> stringArray(MemorySegment array) {
    List<String> strings = new ArrayList<>();
    if (array.equals(MemorySegment.NULL)) {
      return strings;
    }
    for (long i = 0; ; i++) {
      MemorySegment element = array.getAtIndex(C_STRING, i);
      if (element.equals(MemorySegment.NULL)) {
        return strings;
      }
      strings.add(element.getString(0));
    }
  }

  /** Width and height from two {@code int64_t *} out-parameters. */
  record Dimensions(long width, long height) {}

  // ---- const char *openslide_get_version(void)

  private static final MethodHandle GET_VERSION = function("openslide_get_version", C_STRING);

  static String getVersion() {
    requireLibrary();
    try {
      return stringOrNull((MemorySegment) GET_VERSION.invokeExact());
    } catch (Throwable t) {
      throw NativeLibrary.rethrow(t);
    }
  }

  // ---- bool openslide_can_open(const char *filename)  (deprecated, kept for completeness)

  private static final MethodHandle CAN_OPEN =
      function("openslide_can_open", JAVA_BOOLEAN, C_STRING);

  static boolean canOpen(String filename) {
    requireLibrary();
    try (Arena arena = Arena.ofConfined()) {
      return (boolean) CAN_OPEN.invokeExact(arena.allocateFrom(filename));
    } catch (Throwable t) {
      throw NativeLibrary.rethrow(t);
    }
  }

  // ---- const char *openslide_detect_vendor(const char *filename)

  private static final MethodHandle DETECT_VENDOR =
      function("openslide_detect_vendor", C_STRING, C_STRING);

  /** The vendor id, or null when OpenSlide does not recognise the file. */
  static String detectVendor(String filename) {
    requireLibrary();
    try (Arena arena = Arena.ofConfined()) {
      return stringOrNull((MemorySegment) DETECT_VENDOR.invokeExact(arena.allocateFrom(filename)));
    } catch (Throwable t) {
      throw NativeLibrary.rethrow(t);
    }
  }

  // ---- openslide_t *openslide_open(const char *filename)

  private static final MethodHandle OPEN = function("openslide_open", ADDRESS, C_STRING);

  /**
   * Opens a slide: NULL when the format is not recognised; otherwise a handle that may be in the
   * error state (check {@link #getError}) and must be closed either way.
   */
  static MemorySegment open(String filename) {
    requireLibrary();
    try (Arena arena = Arena.ofConfined()) {
      return (MemorySegment) OPEN.invokeExact(arena.allocateFrom(filename));
    } catch (Throwable t) {
      throw NativeLibrary.rethrow(t);
    }
  }

  // ---- void openslide_close(openslide_t *osr)

  private static final MethodHandle CLOSE = function("openslide_close", null, ADDRESS);

  static void close(MemorySegment osr) {
    try {
      CLOSE.invokeExact(osr);
    } catch (Throwable t) {
      throw NativeLibrary.rethrow(t);
    }
  }

  // ---- const char *openslide_get_error(openslide_t *osr)

  private static final MethodHandle GET_ERROR = function("openslide_get_error", C_STRING, ADDRESS);

  /** OpenSlide's sticky error, or null while the handle is healthy. */
  static String getError(MemorySegment osr) {
    try {
      return stringOrNull((MemorySegment) GET_ERROR.invokeExact(osr));
    } catch (Throwable t) {
      throw NativeLibrary.rethrow(t);
    }
  }

  // ---- int32_t openslide_get_level_count(openslide_t *osr)

  private static final MethodHandle GET_LEVEL_COUNT =
      function("openslide_get_level_count", JAVA_INT, ADDRESS);

  static int getLevelCount(MemorySegment osr) {
    try {
      return (int) GET_LEVEL_COUNT.invokeExact(osr);
    } catch (Throwable t) {
      throw NativeLibrary.rethrow(t);
    }
  }

  // ---- void openslide_get_level0_dimensions(openslide_t *osr, int64_t *w, int64_t *h)

  private static final MethodHandle GET_LEVEL0_DIMENSIONS =
      function("openslide_get_level0_dimensions", null, ADDRESS, ADDRESS, ADDRESS);

  static Dimensions getLevel0Dimensions(MemorySegment osr) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment w = arena.allocate(JAVA_LONG);
      MemorySegment h = arena.allocate(JAVA_LONG);
      GET_LEVEL0_DIMENSIONS.invokeExact(osr, w, h);
      return new Dimensions(w.get(JAVA_LONG, 0), h.get(JAVA_LONG, 0));
    } catch (Throwable t) {
      throw NativeLibrary.rethrow(t);
    }
  }

  // ---- void openslide_get_level_dimensions(openslide_t *osr, int32_t level, int64_t *w, int64_t *h)

  private static final MethodHandle GET_LEVEL_DIMENSIONS =
      function("openslide_get_level_dimensions", null, ADDRESS, JAVA_INT, ADDRESS, ADDRESS);

  static Dimensions getLevelDimensions(MemorySegment osr, int level) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment w = arena.allocate(JAVA_LONG);
      MemorySegment h = arena.allocate(JAVA_LONG);
      GET_LEVEL_DIMENSIONS.invokeExact(osr, level, w, h);
      return new Dimensions(w.get(JAVA_LONG, 0), h.get(JAVA_LONG, 0));
    } catch (Throwable t) {
      throw NativeLibrary.rethrow(t);
    }
  }

  // ---- double openslide_get_level_downsample(openslide_t *osr, int32_t level)

  private static final MethodHandle GET_LEVEL_DOWNSAMPLE =
      function("openslide_get_level_downsample", JAVA_DOUBLE, ADDRESS, JAVA_INT);

  static double getLevelDownsample(MemorySegment osr, int level) {
    try {
      return (double) GET_LEVEL_DOWNSAMPLE.invokeExact(osr, level);
    } catch (Throwable t) {
      throw NativeLibrary.rethrow(t);
    }
  }

  // ---- int32_t openslide_get_best_level_for_downsample(openslide_t *osr, double downsample)

  private static final MethodHandle GET_BEST_LEVEL_FOR_DOWNSAMPLE =
      function("openslide_get_best_level_for_downsample", JAVA_INT, ADDRESS, JAVA_DOUBLE);

  static int getBestLevelForDownsample(MemorySegment osr, double downsample) {
    try {
      return (int) GET_BEST_LEVEL_FOR_DOWNSAMPLE.invokeExact(osr, downsample);
    } catch (Throwable t) {
      throw NativeLibrary.rethrow(t);
    }
  }

  // ---- void openslide_read_region(openslide_t *osr, uint32_t *dest,
  //                                 int64_t x, int64_t y, int32_t level, int64_t w, int64_t h)

  private static final MethodHandle READ_REGION =
      function(
          "openslide_read_region",
          null,
          ADDRESS,
          ADDRESS,
          JAVA_LONG,
          JAVA_LONG,
          JAVA_INT,
          JAVA_LONG,
          JAVA_LONG);

  /**
   * Reads premultiplied ARGB pixels into {@code dest} (length {@code w * h}). On failure OpenSlide
   * sets its sticky error and leaves the buffer transparent.
   */
  static void readRegion(
      MemorySegment osr, int[] dest, long x, long y, int level, long w, long h) {
    // A native buffer, not the Java array: a critical (heap-pinning) call would stall the GC for
    // the whole JPEG decode, and the copy costs far less than the decode.
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buffer = arena.allocate(JAVA_INT, dest.length);
      READ_REGION.invokeExact(osr, buffer, x, y, level, w, h);
      MemorySegment.copy(buffer, JAVA_INT, 0, dest, 0, dest.length);
    } catch (Throwable t) {
      throw NativeLibrary.rethrow(t);
    }
  }

  // ---- const char * const *openslide_get_property_names(openslide_t *osr)

  private static final MethodHandle GET_PROPERTY_NAMES =
      function("openslide_get_property_names", C_STRING_ARRAY, ADDRESS);

  static List<String> getPropertyNames(MemorySegment osr) {
    try {
      return stringArray((MemorySegment) GET_PROPERTY_NAMES.invokeExact(osr));
    } catch (Throwable t) {
      throw NativeLibrary.rethrow(t);
    }
  }

  // ---- const char *openslide_get_property_value(openslide_t *osr, const char *name)

  private static final MethodHandle GET_PROPERTY_VALUE =
      function("openslide_get_property_value", C_STRING, ADDRESS, C_STRING);

  static String getPropertyValue(MemorySegment osr, String name) {
    try (Arena arena = Arena.ofConfined()) {
      return stringOrNull(
          (MemorySegment) GET_PROPERTY_VALUE.invokeExact(osr, arena.allocateFrom(name)));
    } catch (Throwable t) {
      throw NativeLibrary.rethrow(t);
    }
  }

  // ---- const char * const *openslide_get_associated_image_names(openslide_t *osr)

  private static final MethodHandle GET_ASSOCIATED_IMAGE_NAMES =
      function("openslide_get_associated_image_names", C_STRING_ARRAY, ADDRESS);

  static List<String> getAssociatedImageNames(MemorySegment osr) {
    try {
      return stringArray((MemorySegment) GET_ASSOCIATED_IMAGE_NAMES.invokeExact(osr));
    } catch (Throwable t) {
      throw NativeLibrary.rethrow(t);
    }
  }

  // ---- void openslide_get_associated_image_dimensions(openslide_t *osr, const char *name,
  //                                                     int64_t *w, int64_t *h)

  private static final MethodHandle GET_ASSOCIATED_IMAGE_DIMENSIONS =
      function(
          "openslide_get_associated_image_dimensions", null, ADDRESS, C_STRING, ADDRESS, ADDRESS);

  /** Dimensions of an associated image; -1 × -1 when there is none of that name. */
  static Dimensions getAssociatedImageDimensions(MemorySegment osr, String name) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment w = arena.allocate(JAVA_LONG);
      MemorySegment h = arena.allocate(JAVA_LONG);
      GET_ASSOCIATED_IMAGE_DIMENSIONS.invokeExact(osr, arena.allocateFrom(name), w, h);
      return new Dimensions(w.get(JAVA_LONG, 0), h.get(JAVA_LONG, 0));
    } catch (Throwable t) {
      throw NativeLibrary.rethrow(t);
    }
  }

  // ---- void openslide_read_associated_image(openslide_t *osr, const char *name, uint32_t *dest)

  private static final MethodHandle READ_ASSOCIATED_IMAGE =
      function("openslide_read_associated_image", null, ADDRESS, C_STRING, ADDRESS);

  /** Reads a whole associated image into {@code dest}, sized from its dimensions. */
  static void readAssociatedImage(MemorySegment osr, String name, int[] dest) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buffer = arena.allocate(JAVA_INT, dest.length);
      READ_ASSOCIATED_IMAGE.invokeExact(osr, arena.allocateFrom(name), buffer);
      MemorySegment.copy(buffer, JAVA_INT, 0, dest, 0, dest.length);
    } catch (Throwable t) {
      throw NativeLibrary.rethrow(t);
    }
  }
}
