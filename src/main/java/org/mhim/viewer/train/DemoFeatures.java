package org.mhim.viewer.train;

import java.io.IOException;
import java.nio.file.Path;
import org.mhim.viewer.features.Cancellation;
import org.mhim.viewer.features.Devices;
import org.mhim.viewer.features.ExtractionListener;
import org.mhim.viewer.features.FeatureBag;
import org.mhim.viewer.features.FeatureDirectory;
import org.mhim.viewer.features.FeatureExtractor;
import org.mhim.viewer.features.PatchEncoders;
import org.mhim.viewer.features.StainTextureEncoder;
import org.mhim.viewer.slide.SlideImage;
import org.mhim.viewer.tissue.PatchGridSettings;

/**
 * Feature bags of a {@link DemoSlideSet} with the built-in {@code stain-texture-v1} encoder on the
 * CPU, 256-pixel patches at 20× (the app's defaults), written to a {@link FeatureDirectory}.
 */
public final class DemoFeatures {

  public static final String ENCODER = StainTextureEncoder.ID;

  private DemoFeatures() {}

  /** The patch grid the demo model was trained on. */
  public static PatchGridSettings grid() {
    return PatchGridSettings.defaults();
  }

  /** Extracts every slide of {@code set} in {@code slideDir} not yet in {@code features}. */
  public static void extract(
      DemoSlideSet set, Path slideDir, FeatureDirectory features, ExtractionListener listener)
      throws IOException {
    try (FeatureExtractor extractor =
        FeatureExtractor.builder()
            .setEncoder(PatchEncoders.open(ENCODER, Devices.parse("cpu")))
            .optGridSettings(grid())
            .build()) {
      for (int i = 0; i < set.count(); i++) {
        String id = set.slideId(i);
        if (features.contains(id)) {
          continue;
        }
        try (SlideImage slide = SlideImage.open(set.slideFile(slideDir, i))) {
          FeatureBag bag = extractor.extract(slide, id, listener, new Cancellation());
          features.write(bag);
        }
      }
    }
  }
}
