package org.mhim.viewer.ui;

import static org.mhim.viewer.ui.ViewerTestSupport.fx;
import static org.mhim.viewer.ui.ViewerTestSupport.fxRun;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * What most viewer tests start from: a window on the real slide opener with a settings folder of
 * its own, shown before each test and closed after it (after the test class's own clean-up).
 */
@ExtendWith(ApplicationExtension.class)
abstract class ViewerWindowFixture {

  /** The window's settings folder, fresh for each test: nothing one test saves reaches another. */
  @TempDir Path config;

  /** The window under test; a test that replaces it assigns the new one here, to have it closed. */
  ViewerWindow window;

  @BeforeEach
  final void showViewerWindow() {
    window = fx(() -> ViewerTestSupport.showWindow(SlideOpener.openSlide(), config));
  }

  @AfterEach
  final void closeViewerWindow() {
    fxRun(() -> window.stage().close());
  }
}
