package org.mhim.viewer.slide;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encodes RGB pixels as baseline JPEG (YCbCr, 4:2:0, the JDK's codec) for TIFF tiles and strips.
 * One encoder per thread: ImageIO writers are not thread-safe.
 */
final class JpegEncoder implements AutoCloseable {

  private final ImageWriter writer;
  private final ImageWriteParam param;

  JpegEncoder(float quality) {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    if (!writers.hasNext()) {
      throw new IllegalStateException("this JDK has no JPEG writer");
    }
    writer = writers.next();
    param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(quality);
  }

  /** Encodes {@code width × height} pixels of 0xRRGGBB (row-major, alpha ignored). */
  byte[] encode(int[] rgb, int width, int height) {
    // Byte-interleaved BGR is the layout the JDK's codec takes without a per-row conversion.
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    for (int i = 0, o = 0; i < width * height; i++, o += 3) {
      int p = rgb[i];
      bgr[o] = (byte) p;
      bgr[o + 1] = (byte) (p >> 8);
      bgr[o + 2] = (byte) (p >> 16);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(width * height / 4);
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("JPEG encoding failed", e);
    }
    return bytes.toByteArray();
  }

  @Override
  public void close() {
    writer.dispose();
  }
}
