package org.mhim.viewer.slide;

import java.util.Optional;

/**
 * One TIFF directory (IFD) as far as decoding its tiles goes; sizes and fields are -1 when absent.
 *
 * @param index the directory's position in the file, 0-based
 * @param tileWidth tile width, -1 for a stripped directory
 */
record TiffDirectory(
    int index,
    long width,
    long height,
    long tileWidth,
    long tileHeight,
    int bitsPerSample,
    int samplesPerPixel,
    int planarConfig,
    int compression,
    int photometric,
    int orientation) {

  /**
   * Why its tiles cannot be decoded straight into RGB here, or empty when they can: tiled, 8-bit,
   * 3 interleaved samples, top-left origin, and JPEG (YCbCr or RGB) or lossless RGB (none, LZW,
   * deflate). Anything else (JPEG 2000, 16-bit, planar, palette…) is left to OpenSlide.
   */
  Optional<String> unsupported() {
    if (tileWidth < 1 || tileHeight < 1) {
      return Optional.of("not tiled");
    }
    if (tileWidth * tileHeight > (1 << 24)) {
      return Optional.of("tiles of " + tileWidth + "×" + tileHeight + " are too large");
    }
    if (bitsPerSample != 8 || samplesPerPixel != 3 || planarConfig != 1) {
      return Optional.of("not 8-bit interleaved 3-sample pixels");
    }
    if (orientation != 1) {
      return Optional.of("orientation " + orientation);
    }
    boolean lossless =
        compression == LibTiffNative.COMPRESSION_NONE
            || compression == LibTiffNative.COMPRESSION_LZW
            || compression == LibTiffNative.COMPRESSION_ADOBE_DEFLATE
            || compression == LibTiffNative.COMPRESSION_DEFLATE;
    if (compression == LibTiffNative.COMPRESSION_JPEG
        && (photometric == LibTiffNative.PHOTOMETRIC_YCBCR
            || photometric == LibTiffNative.PHOTOMETRIC_RGB)) {
      return Optional.empty();
    }
    if (lossless && photometric == LibTiffNative.PHOTOMETRIC_RGB) {
      return Optional.empty();
    }
    return Optional.of("compression " + compression + " with photometric " + photometric);
  }

  /** Stored tiles across. */
  long tilesAcross() {
    return Math.ceilDiv(width, tileWidth);
  }
}
