package org.mhim.viewer.analysis;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Draws the heatmap figure: the slide overview with one class's per-instance probability blended
 * over it, a colour bar with its values, a scale bar, and the prediction written above. Laid out
 * like a figure panel for a paper: white background, sans-serif text sized to the image, nothing
 * drawn over the tissue but the heatmap and a discreet scale bar.
 */
public final class HeatmapFigure {

  /** A rendered figure and where the overview sits in it (for tests and for clicking through). */
  public record Figure(BufferedImage image, int imageX, int imageY, SlideThumbnail thumbnail) {
    /** Figure x of a level-0 x. */
    public double figureX(double level0X) {
      return imageX + level0X / thumbnail.downsampleX();
    }

    /** Figure y of a level-0 y. */
    public double figureY(double level0Y) {
      return imageY + level0Y / thumbnail.downsampleY();
    }
  }

  private static final Color TEXT = new Color(0x22, 0x22, 0x22);
  private static final Color MUTED = new Color(0x66, 0x66, 0x66);
  private static final Color FRAME = new Color(0xBB, 0xBB, 0xBB);
  private static final Color WARNING = new Color(0xB0, 0x00, 0x20);
  private static final String DISCLAIMER = "Demo model — not for diagnosis";

  private HeatmapFigure() {}

  /**
   * Renders the figure.
   *
   * @param classIndex the class whose probability is mapped (usually the predicted class)
   * @param mppX microns per level-0 pixel; empty draws no scale bar and says why
   */
  public static Figure render(
      SlideResult result,
      SlideThumbnail thumbnail,
      OptionalDouble mppX,
      int classIndex,
      ColorScale scale) {
    if (classIndex < 0 || classIndex >= result.classCount()) {
      throw new IllegalArgumentException("class " + classIndex + " of " + result.classNames());
    }
    int tw = thumbnail.width();
    int th = thumbnail.height();
    double s = Math.clamp(Math.max(tw, th) / 1200.0, 0.8, 1.6);
    Font title = new Font(Font.SANS_SERIF, Font.BOLD, size(20, s));
    Font subtitle = new Font(Font.SANS_SERIF, Font.PLAIN, size(16, s));
    Font label = new Font(Font.SANS_SERIF, Font.PLAIN, size(13, s));
    Font small = new Font(Font.SANS_SERIF, Font.PLAIN, size(12, s));
    int margin = size(24, s);

    String className = result.classNames().get(classIndex);
    float[] values = result.instances().probabilities(classIndex);
    String axisTitle =
        "P(" + className + ")" + (scale.normalization() == Normalization.PERCENTILE ? " — percentile" : "");
    String heading = result.slideId();
    String prediction =
        String.format(
            Locale.ROOT, "Prediction: %s (p = %.3f)", result.predictedClassName(), result.predictedProbability());
    List<String> footer = footer(result, scale, className, mppX.isEmpty());

    // Measure with a scratch graphics so the canvas can be sized before drawing.
    Graphics2D probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
    hints(probe);
    FontMetrics titleM = probe.getFontMetrics(title);
    FontMetrics subM = probe.getFontMetrics(subtitle);
    FontMetrics labelM = probe.getFontMetrics(label);
    FontMetrics smallM = probe.getFontMetrics(small);
    int tickLabelWidth = 0;
    for (double t : ticks()) {
      tickLabelWidth =
          Math.max(tickLabelWidth, labelM.stringWidth(scale.normalization().tickLabel(t, values)));
    }
    Font badge = subtitle.deriveFont(Font.BOLD);
    FontMetrics badgeM = probe.getFontMetrics(badge);
    int disclaimerWidth =
        result.demoModel() ? badgeM.stringWidth(DISCLAIMER) + size(20, s) + margin : 0;
    int footerWidth = footer.stream().mapToInt(smallM::stringWidth).max().orElse(0);
    probe.dispose();

    int headerHeight = margin + titleM.getHeight() + size(4, s) + subM.getHeight() + size(12, s);
    int barGap = size(24, s);
    int barWidth = size(20, s);
    int tickLength = size(5, s);
    int barBlockWidth =
        barGap + barWidth + tickLength + size(4, s) + tickLabelWidth + size(10, s) + labelM.getHeight();
    int contentWidth = tw + barBlockWidth;
    int width =
        2 * margin
            + Math.max(
                contentWidth,
                Math.max(
                    footerWidth,
                    Math.max(titleM.stringWidth(heading), subM.stringWidth(prediction))
                        + disclaimerWidth));
    int imageX = margin;
    int imageY = headerHeight;
    int footerTop = imageY + th + size(10, s);
    int height = footerTop + footer.size() * smallM.getHeight() + margin;

    BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas.createGraphics();
    try {
      hints(g);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);

      // Header: slide, prediction, and the disclaimer where it applies.
      g.setColor(TEXT);
      g.setFont(title);
      int baseline = margin + titleM.getAscent();
      g.drawString(heading, margin, baseline);
      g.setFont(subtitle);
      int predictionBaseline = baseline + titleM.getDescent() + size(4, s) + subM.getAscent();
      g.drawString(prediction, margin, predictionBaseline);
      if (result.demoModel()) {
        drawDisclaimer(g, badge, badgeM, width - margin, margin, s);
      }

      // The overview, the heatmap over it, a frame.
      g.drawImage(thumbnail.image(), imageX, imageY, null);
      g.drawImage(overlay(result.instances(), values, thumbnail, scale), imageX, imageY, null);
      g.setColor(FRAME);
      g.setStroke(new BasicStroke(1f));
      g.drawRect(imageX - 1, imageY - 1, tw + 1, th + 1);

      if (mppX.isPresent()) {
        drawScaleBar(g, label, labelM, mppX.getAsDouble() * thumbnail.downsampleX(), imageX, imageY, tw, th, s);
      }

      int barHeight = (int) Math.round(Math.max(th * 0.8, Math.min(th, 150 * s)));
      int barX = imageX + tw + barGap;
      int barY = imageY + (th - barHeight) / 2;
      drawColorBar(g, scale, values, axisTitle, label, labelM, barX, barY, barWidth, barHeight, tickLength, s);

      g.setFont(small);
      g.setColor(MUTED);
      int line = footerTop + smallM.getAscent();
      for (String text : footer) {
        g.drawString(text, margin, line);
        line += smallM.getHeight();
      }
    } finally {
      g.dispose();
    }
    return new Figure(canvas, imageX, imageY, thumbnail);
  }

  /**
   * The per-instance colours at overview scale, on their own transparent layer so that overlapping
   * patches replace each other instead of piling up opacity.
   */
  static BufferedImage overlay(
      Instances instances, float[] values, SlideThumbnail thumbnail, ColorScale scale) {
    BufferedImage layer =
        new BufferedImage(thumbnail.width(), thumbnail.height(), BufferedImage.TYPE_INT_ARGB);
    int[] colors = scale.colors(values);
    Graphics2D g = layer.createGraphics();
    try {
      g.setComposite(AlphaComposite.Src);
      for (int i = 0; i < instances.size(); i++) {
        if (colors[i] == 0) {
          continue;
        }
        // Round both edges so that abutting patches abut on screen too, without seams or overlap.
        int x0 = (int) Math.round(instances.x(i) / thumbnail.downsampleX());
        int y0 = (int) Math.round(instances.y(i) / thumbnail.downsampleY());
        int x1 = (int) Math.round(((double) instances.x(i) + instances.width(i)) / thumbnail.downsampleX());
        int y1 = (int) Math.round(((double) instances.y(i) + instances.height(i)) / thumbnail.downsampleY());
        g.setColor(new Color(colors[i], true));
        g.fillRect(x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0));
      }
    } finally {
      g.dispose();
    }
    return layer;
  }

  private static List<String> footer(
      SlideResult result, ColorScale scale, String className, boolean noScale) {
    List<String> lines = new ArrayList<>();
    StringBuilder probabilities = new StringBuilder("Slide probabilities: ");
    for (int c = 0; c < result.classCount(); c++) {
      if (c > 0) {
        probabilities.append(" · ");
      }
      probabilities.append(
          String.format(Locale.ROOT, "%s %.3f", result.classNames().get(c), result.slideProbability(c)));
    }
    lines.add(probabilities.toString());
    lines.add(
        String.format(
            Locale.ROOT,
            "Heatmap: P(%s) per patch (%d patches), %s colour map, %s, opacity %d%%%s",
            className,
            result.instanceCount(),
            scale.colormap().displayName(),
            switch (scale.normalization()) {
              case AS_IS -> "values as they are";
              case PERCENTILE -> "percentile ranks";
              case MIN_MAX -> "stretched min–max";
            },
            Math.round(scale.opacity() * 100),
            scale.threshold() > 0
                ? String.format(Locale.ROOT, ", not drawn below %.2f", scale.threshold())
                : ""));
    lines.add("Model: " + result.modelId() + " · Encoder: " + result.encoderId());
    if (noScale) {
      lines.add("No scale bar: the slide does not state its pixel size (microns per pixel).");
    }
    return lines;
  }

  private static void drawDisclaimer(
      Graphics2D g, Font font, FontMetrics m, int right, int top, double s) {
    int padX = size(10, s);
    int padY = size(5, s);
    int w = m.stringWidth(DISCLAIMER) + 2 * padX;
    int h = m.getHeight() + 2 * padY;
    int x = right - w;
    g.setColor(WARNING);
    g.fill(new RoundRectangle2D.Double(x, top, w, h, h / 2.0, h / 2.0));
    g.setColor(Color.WHITE);
    g.setFont(font);
    g.drawString(DISCLAIMER, x + padX, top + padY + m.getAscent());
  }

  private static void drawScaleBar(
      Graphics2D g, Font font, FontMetrics m, double micronsPerPixel, int imageX, int imageY,
      int tw, int th, double s) {
    ScaleBar bar = ScaleBar.fitting(micronsPerPixel, tw * 0.25);
    if (bar == null) {
      return;
    }
    int length = (int) Math.round(bar.pixels());
    int thickness = size(5, s);
    int pad = size(8, s);
    int labelWidth = m.stringWidth(bar.label());
    int boxWidth = Math.max(length, labelWidth) + 2 * pad;
    int boxHeight = m.getHeight() + thickness + 3 * pad / 2 + pad / 2;
    int boxX = imageX + pad;
    int boxY = imageY + th - pad - boxHeight;
    if (boxY < imageY || boxX + boxWidth > imageX + tw) {
      return; // an overview too small to hold a legible bar
    }
    g.setColor(new Color(255, 255, 255, 200));
    g.fill(new RoundRectangle2D.Double(boxX, boxY, boxWidth, boxHeight, pad, pad));
    g.setColor(Color.BLACK);
    g.setFont(font);
    g.drawString(bar.label(), boxX + (boxWidth - labelWidth) / 2, boxY + pad / 2 + m.getAscent());
    int barY = boxY + boxHeight - pad - thickness;
    g.fillRect(boxX + (boxWidth - length) / 2, barY, length, thickness);
  }

  private static void drawColorBar(
      Graphics2D g, ColorScale scale, float[] values, String axisTitle, Font font, FontMetrics m,
      int x, int y, int w, int h, int tickLength, double s) {
    Colormap map = scale.colormap();
    for (int row = 0; row < h; row++) {
      double t = 1.0 - row / (double) Math.max(1, h - 1);
      g.setColor(new Color(map.argb(t), true));
      g.fillRect(x, y + row, w, 1);
    }
    if (scale.threshold() > 0) {
      // Positions below the threshold are not drawn on the slide: grey them out on the bar too.
      int cut = y + (int) Math.round((1 - scale.threshold()) * (h - 1));
      g.setColor(new Color(255, 255, 255, 170));
      g.fillRect(x, cut, w, y + h - cut);
      g.setColor(TEXT);
      g.drawLine(x - tickLength, cut, x + w + tickLength, cut);
    }
    g.setColor(TEXT);
    g.setStroke(new BasicStroke((float) Math.max(1, s)));
    g.drawRect(x, y, w, h);
    g.setFont(font);
    int labelRight = 0;
    for (double t : ticks()) {
      int ty = y + (int) Math.round((1 - t) * h);
      g.drawLine(x + w, ty, x + w + tickLength, ty);
      String text = scale.normalization().tickLabel(t, values);
      int lx = x + w + tickLength + size(4, s);
      g.drawString(text, lx, ty + (m.getAscent() - m.getDescent()) / 2);
      labelRight = Math.max(labelRight, lx + m.stringWidth(text));
    }
    // Axis title, rotated to read bottom-to-top, centred on the bar.
    AffineTransform saved = g.getTransform();
    int titleX = labelRight + size(10, s) + m.getAscent();
    int titleY = y + (h + m.stringWidth(axisTitle)) / 2;
    g.rotate(-Math.PI / 2, titleX, titleY);
    g.drawString(axisTitle, titleX, titleY);
    g.setTransform(saved);
  }

  private static double[] ticks() {
    return new double[] {0, 0.25, 0.5, 0.75, 1};
  }

  private static void hints(Graphics2D g) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
  }

  private static int size(double base, double s) {
    return (int) Math.round(base * s);
  }
}
