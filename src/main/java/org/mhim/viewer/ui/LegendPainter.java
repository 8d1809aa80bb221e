package org.mhim.viewer.ui;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import org.mhim.viewer.analysis.ClassColors;
import org.mhim.viewer.analysis.Colormap;

/**
 * Draws a map's legend onto an exported view: a vertical colour bar with five ticks labelled in
 * the map's values and its title, and below it the hard-instance outline swatch, in a white box
 * at the bottom-right corner. Plain AWT, so it runs off the JavaFX thread.
 */
final class LegendPainter {

  static final int BAR_WIDTH = 16;
  static final int BAR_HEIGHT = 160;
  private static final int PAD = 10;
  private static final Color TEXT = new Color(0x22, 0x22, 0x22);
  private static final double[] TICKS = {0, 0.25, 0.5, 0.75, 1};

  private LegendPainter() {}

  /** A copy of {@code view} with {@code legend} drawn on it. */
  static BufferedImage withLegend(BufferedImage view, MapLegend legend) {
    BufferedImage out = new BufferedImage(view.getWidth(), view.getHeight(), BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = out.createGraphics();
    try {
      g.drawImage(view, 0, 0, null);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
      g.setFont(font);
      FontMetrics m = g.getFontMetrics();
      int labelWidth = 0;
      for (double t : TICKS) {
        labelWidth = Math.max(labelWidth, m.stringWidth(tick(legend, t)));
      }
      int swatchRow = legend.hardLabel() == null ? 0 : m.getHeight() + PAD;
      int boxW = Math.max(BAR_WIDTH + 6 + labelWidth, m.stringWidth(legend.title()));
      boxW = Math.max(boxW, legend.hardLabel() == null ? 0 : 22 + m.stringWidth(legend.hardLabel())) + 2 * PAD;
      int boxH = PAD + m.getHeight() + 6 + BAR_HEIGHT + PAD + swatchRow;
      int boxX = out.getWidth() - boxW - PAD;
      int boxY = out.getHeight() - boxH - PAD;
      g.setColor(new Color(255, 255, 255, 230));
      g.fillRoundRect(boxX, boxY, boxW, boxH, 8, 8);
      g.setColor(TEXT);
      g.drawString(legend.title(), boxX + PAD, boxY + PAD + m.getAscent());
      int barX = boxX + PAD;
      int barY = boxY + PAD + m.getHeight() + 6;
      bar(g, legend, m, barX, barY);
      if (legend.hardLabel() != null) {
        int sy = barY + BAR_HEIGHT + PAD;
        g.setColor(new Color(ClassColors.HARD_INSTANCES));
        g.setStroke(new BasicStroke(2));
        g.drawRect(barX + 1, sy + 2, 14, m.getHeight() - 4);
        g.setColor(TEXT);
        g.drawString(legend.hardLabel(), barX + 22, sy + m.getAscent());
      }
    } finally {
      g.dispose();
    }
    return out;
  }

  private static void bar(Graphics2D g, MapLegend legend, FontMetrics m, int x, int y) {
    Colormap map = legend.scale().colormap();
    for (int row = 0; row < BAR_HEIGHT; row++) {
      double t = 1.0 - row / (double) (BAR_HEIGHT - 1);
      g.setColor(new Color(map.argb(t) | 0xFF000000, true));
      g.fillRect(x, y + row, BAR_WIDTH, 1);
    }
    g.setColor(TEXT);
    g.setStroke(new BasicStroke(1));
    g.drawRect(x, y, BAR_WIDTH, BAR_HEIGHT);
    for (double t : TICKS) {
      int ty = y + (int) Math.round((1 - t) * BAR_HEIGHT);
      g.drawLine(x + BAR_WIDTH, ty, x + BAR_WIDTH + 4, ty);
      g.drawString(tick(legend, t), x + BAR_WIDTH + 6, ty + (m.getAscent() - m.getDescent()) / 2);
    }
  }

  private static String tick(MapLegend legend, double t) {
    return legend.scale().normalization().tickLabel(t, legend.values());
  }
}
