package org.mhim.viewer.slide;

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
   * Whether its tiles can be decoded straight into RGB here: tiled, 8-bit, 3 interleaved samples,
   * top-left origin, and JPEG (YCbCr or RGB) or lossless RGB (none, LZW, deflate). Anything else
   * (JPEG 2000, 16-bit, planar, palette…) is left to OpenSlide.
   */
  boolean decodesToRgb() {
    if (tileWidth < 1 || tileHeight < 1 || tileWidth * tileHeight > (1 << 24)) {
      return false; // not tiled, or tiles too large for one buffer
    }
    if (bitsPerSample != 8 || samplesPerPixel != 3 || planarConfig != 1 || orientation != 1) {
      return false;
    }
    return switch (compression) {
      case LibTiffNative.COMPRESSION_JPEG ->
          photometric == LibTiffNative.PHOTOMETRIC_YCBCR || photometric == LibTiffNative.PHOTOMETRIC_RGB;
      case LibTiffNative.COMPRESSION_NONE, LibTiffNative.COMPRESSION_LZW,
          LibTiffNative.COMPRESSION_ADOBE_DEFLATE, LibTiffNative.COMPRESSION_DEFLATE ->
          photometric == LibTiffNative.PHOTOMETRIC_RGB;
      default -> false;
    };
  }

  /** Stored tiles across. */
  long tilesAcross() {
    return Math.ceilDiv(width, tileWidth);
  }
}
