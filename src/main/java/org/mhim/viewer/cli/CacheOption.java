package org.mhim.viewer.cli;

import java.nio.file.Path;
import org.mhim.viewer.features.FeatureCache;
import picocli.CommandLine.Option;

/** {@code --cache DIR}: the feature cache folder, for every command that extracts features. */
final class CacheOption {

  @Option(names = "--cache", paramLabel = "DIR", description = "Feature cache folder (default ~/.cache/mhimview/features).")
  Path cache;

  /** The folder given, else the default one. */
  Path root() {
    return cache != null ? cache : FeatureCache.defaultRoot();
  }
}
