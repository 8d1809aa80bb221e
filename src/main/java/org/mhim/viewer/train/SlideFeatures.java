package org.mhim.viewer.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.mhim.viewer.features.Cancellation;
import org.mhim.viewer.features.Devices;
import org.mhim.viewer.features.ExtractionListener;
import org.mhim.viewer.features.FeatureBag;
import org.mhim.viewer.features.FeatureCache;
import org.mhim.viewer.features.FeatureDirectory;
import org.mhim.viewer.features.FeatureExtractor;
import org.mhim.viewer.features.PatchEncoders;
import org.mhim.viewer.slide.SlideImage;
import org.mhim.viewer.tissue.PatchGridSettings;

/**
 * The features of labelled slides, extracted into a features folder as training reads it: every
 * slide goes through the feature cache (instant for a slide met before), so a slide of the same id
 * in another folder, or changed since, never reuses an earlier run's features.
 */
public final class SlideFeatures {

  /** Where a run is: slide {@code slide} of {@code slides} (1-based), {@code share} of it done. */
  public interface Progress {
    void extracting(String slideId, int slide, int slides, double share);
  }

  private SlideFeatures() {}

  /**
   * Extracts {@code files} (slide id → slide file) into {@code folder}.
   *
   * @param encoder a built-in encoder id or a TorchScript file with its description
   * @param grid where patches are cut
   * @param cache the feature cache folder
   * @return the features folder
   * @throws java.util.concurrent.CancellationException when cancelled
   */
  public static FeatureDirectory extract(Map<String, Path> files, String encoder, PatchGridSettings grid, Path cache,
      Path folder, Progress progress, Cancellation cancellation) throws IOException {
    FeatureDirectory features = new FeatureDirectory(folder);
    try (FeatureExtractor extractor = FeatureExtractor.builder()
        .setEncoder(PatchEncoders.open(encoder, Devices.best()))
        .optCache(new FeatureCache(cache))
        .optGridSettings(grid)
        .build()) {
      int i = 0;
      for (Map.Entry<String, Path> slide : files.entrySet()) {
        int number = ++i;
        ExtractionListener relay = p -> progress.extracting(p.slideId(), number, files.size(), p.fraction());
        try (SlideImage image = SlideImage.open(slide.getValue())) {
          FeatureBag bag = extractor.extract(image, slide.getKey(), relay, cancellation);
          features.write(bag);
        }
      }
    }
    return features;
  }
}
