package org.mhim.viewer.slide;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/** What the slide layer's native bindings (OpenSlide, libtiff) share: loading and linking. */
final class NativeLibrary {

  private static final Linker LINKER = Linker.nativeLinker();

  private NativeLibrary() {}

  /**
   * The library's symbols, loaded once for the life of the process like any shared library;
   * empty when the system has no such library.
   */
  static Optional<SymbolLookup> load(String library) {
    try {
      return Optional.of(SymbolLookup.libraryLookup(library, Arena.global()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** A downcall handle for {@code symbol}; a null {@code result} is a void function. */
  static MethodHandle downcall(
      MemorySegment symbol, MemoryLayout result, MemoryLayout[] args, Linker.Option... options) {
    FunctionDescriptor descriptor =
        result == null ? FunctionDescriptor.ofVoid(args) : FunctionDescriptor.of(result, args);
    return LINKER.downcallHandle(symbol, descriptor, options);
  }

  /**
   * What a native call's {@code invokeExact} threw, for {@code throw}: runtime exceptions and
   * errors as they are, anything else (a checked Throwable, which the handles never throw in
   * practice) wrapped.
   */
  static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException("native call failed", t);
  }
}
