package org.mhim.viewer.ui;

import static org.mhim.viewer.ui.ViewerTestSupport.fxRun;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The viewer window with its analysis folders (results, feature cache, models) under a fresh
 * temporary folder, where the tests of the labelled-slides forms also put their slides, and a
 * background of the test's own for those forms' file checks.
 */
abstract class LabelledSlidesFixture extends ViewerWindowFixture {

  @TempDir Path data;
  final Background background = new Background("labelled-slides-test");

  @BeforeEach
  void folders() {
    fxRun(() -> window.analysis().setFolders(AnalysisFolders.under(data)));
  }

  @AfterEach
  void stopBackground() {
    background.close();
  }
}
