package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.mhim.viewer.ui.ViewerTestSupport.fx;
import static org.mhim.viewer.ui.ViewerTestSupport.fxRun;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mhim.viewer.slide.SlideMetadata;
import org.mhim.viewer.slide.TileKey;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * A new tab's canvas reads the tiles of its first view while the window is still laying the tab
 * out: told the size it will get, it asks for the coarsest level and the fit view's tiles before
 * it has a view of its own.
 */
@ExtendWith(ApplicationExtension.class)
class FirstViewPrefetchTest {

  @Test
  void theFitViewsTilesAreReadBeforeTheCanvasIsLaidOut() throws Exception {
    OpenSlide slide = SlideOpener.openSlide().open(ViewerTestSupport.smallSlide());
    SlideMetadata metadata = slide.source().metadata();
    List<TileKey> read = new CopyOnWriteArrayList<>();
    ViewerCanvas canvas = fx(() -> new ViewerCanvas(metadata, slide.id(), key -> {
      read.add(key);
      return slide.source().readRegion(key.x(), key.y(), key.level(), key.width(), key.height());
    }, new TilePixels(1L << 28), e -> {}));
    try {
      fxRun(() -> canvas.expectSize(800, 600));
      Viewport fit = canvas.fitFor(800, 600);
      TileGrid grid = canvas.grid();
      Set<TileKey> expected = new HashSet<>();
      grid.visibleTiles(fit, grid.coarsestLevel()).forEach(t -> expected.add(t.key()));
      grid.visibleTiles(fit, grid.levelFor(fit.downsample())).forEach(t -> expected.add(t.key()));
      ViewerTestSupport.waitUntil("the first view's tiles read", () -> read.size() >= expected.size(), 20);
      assertEquals(expected, new HashSet<>(read));
      assertNull(fx(canvas::viewport), "read before the canvas had a size");
    } finally {
      fxRun(canvas::close);
      slide.resource().close();
    }
  }
}
