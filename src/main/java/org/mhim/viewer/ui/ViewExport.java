package org.mhim.viewer.ui;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.WritableImage;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javax.imageio.ImageIO;
import org.mhim.viewer.io.AtomicFiles;

/** The current view as seen (slide, overlays, minimap, scale bar) to a PNG file or the clipboard. */
final class ViewExport {

  private ViewExport() {}

  /** Captures {@code node} as it is on screen; FX thread. */
  static WritableImage capture(Node node) {
    SnapshotParameters params = new SnapshotParameters();
    return node.snapshot(params, null);
  }

  /** Puts {@code image} on the system clipboard; FX thread. */
  static void copy(WritableImage image) {
    ClipboardContent content = new ClipboardContent();
    content.putImage(image);
    Clipboard.getSystemClipboard().setContent(content);
  }

  /**
   * Converts the captured pixels for writing; FX thread (cheap). The returned image is then safe
   * to encode on any thread.
   */
  static BufferedImage toBuffered(WritableImage image) {
    return SwingFXUtils.fromFXImage(image, null);
  }

  /** Encodes and writes a PNG atomically; call off the FX thread. */
  static void writePng(BufferedImage image, Path target) throws IOException {
    AtomicFiles.writeStream(target, out -> {
      if (!ImageIO.write(image, "png", out)) {
        throw new IOException("no PNG encoder available");
      }
    });
  }
}
