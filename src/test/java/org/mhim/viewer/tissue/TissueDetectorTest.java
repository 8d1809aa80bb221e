package org.mhim.viewer.tissue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.mhim.viewer.slide.ArgbImage;
import org.mhim.viewer.slide.RegionSource;
import org.mhim.viewer.slide.SlideLevel;
import org.mhim.viewer.slide.SlideMetadata;

/**
 * Level choice, strip reading and block reduction of the detector, on slides drawn by a formula
 * (any size, no file); the real-slide checks through OpenSlide are in {@code DemoSlideTissueTest}.
 */
class TissueDetectorTest {

  /** Pink ellipse on near-white glass; pixel (x, y) of a level is sampled at its level-0 centre. */
  private record EllipseSlide(SlideMetadata metadata, double cx, double cy, double rx, double ry, AtomicInteger reads)
      implements RegionSource {

    static EllipseSlide of(long width, long height, double... downsamples) {
      List<SlideLevel> levels = new ArrayList<>();
      for (double d : downsamples) {
        levels.add(new SlideLevel((long) Math.ceil(width / d), (long) Math.ceil(height / d), d));
      }
      SlideMetadata metadata = new SlideMetadata(Path.of("ellipse"), "test", levels,
          OptionalDouble.of(0.5), OptionalDouble.of(0.5), OptionalDouble.of(20), Map.of(), List.of());
      return new EllipseSlide(metadata, width * 0.45, height * 0.5, width * 0.3, height * 0.35, new AtomicInteger());
    }

    boolean inside(double x, double y) {
      double u = (x - cx) / rx;
      double v = (y - cy) / ry;
      return u * u + v * v < 1;
    }

    @Override
    public ArgbImage readRegion(long x, long y, int level, int width, int height) {
      reads.incrementAndGet();
      double d = metadata.level(level).downsample();
      int[] pixels = new int[width * height];
      for (int j = 0; j < height; j++) {
        for (int i = 0; i < width; i++) {
          double sx = x + (i + 0.5) * d;
          double sy = y + (j + 0.5) * d;
          boolean beyond = sx >= metadata.width() || sy >= metadata.height();
          pixels[j * width + i] = beyond ? 0 : inside(sx, sy) ? 0xFFE8A0C8 : 0xFFF4F4F2;
        }
      }
      return new ArgbImage(width, height, pixels);
    }

    Polygon truth() {
      int n = 720;
      double[] xy = new double[2 * n];
      for (int k = 0; k < n; k++) {
        double a = 2 * Math.PI * k / n;
        xy[2 * k] = cx + rx * Math.cos(a);
        xy[2 * k + 1] = cy + ry * Math.sin(a);
      }
      return Polygon.of(new Ring(xy));
    }
  }

  private static double iou(TissueMask detected, Polygon truth) {
    BinaryMask expected = PolygonRasterizer.rasterize(
        List.of(truth), detected.mask().width(), detected.mask().height(), detected.downsample(), 0, 0);
    return detected.mask().iou(expected);
  }

  @Test
  void readsTheLevelBelowTheTargetAndReducesBlocks() {
    // 40000 × 30000 with levels 1, 4, 16, 64: target 32 lies between 16 and 64, so level 2 is
    // read and 2 × 2 blocks are averaged: a 1250 × 938 mask at downsample 32.
    EllipseSlide slide = EllipseSlide.of(40000, 30000, 1, 4, 16, 64);
    TissueMask mask = new TissueDetector().detect(slide);
    assertEquals(2, mask.level());
    assertEquals(32.0, mask.downsample());
    assertEquals(1250, mask.mask().width());
    assertEquals(938, mask.mask().height());
    assertTrue(iou(mask, slide.truth()) > 0.99, "IoU " + iou(mask, slide.truth()));
    assertEquals(1, mask.polygons().size());
    assertTrue(mask.polygons().getFirst().contains(slide.cx(), slide.cy()));
  }

  @Test
  void smallSlideIsNotJudgedFromAPostageStamp() {
    // 6000 wide: 6000 / 1024 = 5.9 < 32, so level 1 (4×) is read as is.
    EllipseSlide slide = EllipseSlide.of(6000, 4500, 1, 4, 16);
    TissueMask mask = new TissueDetector().detect(slide);
    assertEquals(1, mask.level());
    assertEquals(4.0, mask.downsample());
    assertEquals(1500, mask.mask().width());
    assertTrue(iou(mask, slide.truth()) > 0.99, "IoU " + iou(mask, slide.truth()));
  }

  @Test
  void slideWithoutPyramidIsReadInStrips() {
    // One level, 8000 × 6000: downsample 8000 / 1024 = 7.8 → blocks of 8 from level 0,
    // 16 Mi-pixel strips of 16777216 / (8000 · 8) = 262 mask rows, so 750 rows take 3 strips,
    // each read in 1 Mi-pixel pieces: 1048576 / (2096 · 8) = 62 mask columns in a full strip, so
    // 17 pieces for 1000 columns; the last strip has 226 rows, 1048576 / (1808 · 8) = 72 columns,
    // 14 pieces. 17 + 17 + 14 = 48 reads.
    EllipseSlide slide = EllipseSlide.of(8000, 6000, 1);
    TissueMask mask = new TissueDetector().detect(slide);
    assertEquals(0, mask.level());
    assertEquals(8.0, mask.downsample());
    assertEquals(1000, mask.mask().width());
    assertEquals(750, mask.mask().height());
    assertEquals(48, slide.reads().get());
    assertTrue(iou(mask, slide.truth()) > 0.99, "IoU " + iou(mask, slide.truth()));
    // Tissue fraction in level-0 coordinates: the centre is tissue, the corner glass.
    assertEquals(1.0, mask.tissueFraction((long) slide.cx() - 256, (long) slide.cy() - 256, 512, 512), 1e-9);
    assertEquals(0.0, mask.tissueFraction(0, 0, 512, 512), 1e-9);
  }

  @Test
  void aStopRequestEndsDetectionBetweenReads() {
    // One level, 40000 × 30000, downsample 32: 73 strips of 17 reads of a mebipixel each.
    EllipseSlide slide = EllipseSlide.of(40000, 30000, 1);
    int[] readsAtStop = new int[1];
    BooleanSupplier stopAfterTwoStrips =
        () -> {
          if (slide.reads().get() >= 2 && readsAtStop[0] == 0) {
            readsAtStop[0] = slide.reads().get();
          }
          return readsAtStop[0] > 0;
        };
    CancellationException e =
        assertThrows(CancellationException.class, () -> new TissueDetector().detect(slide, stopAfterTwoStrips));
    assertEquals(2, readsAtStop[0]);
    assertEquals(2, slide.reads().get(), "nothing is read after the stop request");
    assertTrue(e.getMessage().startsWith("ellipse: "), e.getMessage());
  }

  @Test
  void aStopRequestAfterTheReadEndsDetectionBeforeTheMask() {
    // Level 1 (1024 × 768) is read whole in one piece; the request comes while the mask is made.
    EllipseSlide slide = EllipseSlide.of(4096, 3072, 1, 4);
    CancellationException e =
        assertThrows(CancellationException.class, () -> new TissueDetector().detect(slide, () -> slide.reads().get() > 0));
    assertEquals(1, slide.reads().get());
    assertTrue(e.getMessage().startsWith("ellipse: tissue detection cancelled"), e.getMessage());
  }
}
