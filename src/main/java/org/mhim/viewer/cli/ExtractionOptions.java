package org.mhim.viewer.cli;

import ai.djl.Device;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.mhim.viewer.features.Devices;
import org.mhim.viewer.features.FeatureCache;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of every command that extracts features: where, how many at once, which cache. */
final class ExtractionOptions {

  @Option(names = "--device", defaultValue = "auto", paramLabel = "cpu|gpu|auto", description = "Where to encode (default: GPU when PyTorch sees one, else CPU).")
  String device;

  @Option(names = "--batch-size", defaultValue = "32", paramLabel = "B", description = "Patches per encoder call (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--readers", paramLabel = "N", description = "Threads reading patches (default: 2-4 by processors).")
  Integer readers;

  @Mixin CacheOption cache;

  @Option(names = "--no-cache", description = "Neither read nor fill the feature cache.")
  boolean noCache;

  @Option(names = "--downsample", paramLabel = "D",
      description = "Level-0 pixels per patch pixel for every slide, instead of working it out from the"
          + " slide's pixel size; for slides that state neither pixel size nor objective power"
          + " (e.g. 2 for a 40× scan read at 20×).")
  Double downsample;

  Device device() {
    return Devices.parse(device);
  }

  int batchSize() {
    return batchSize;
  }

  /** {@code --downsample}, when given. */
  OptionalDouble downsample() {
    if (downsample == null) {
      return OptionalDouble.empty();
    }
    if (!(downsample > 0)) {
      throw new IllegalArgumentException("--downsample must be positive, not " + downsample);
    }
    return OptionalDouble.of(downsample);
  }

  OptionalInt readers() {
    return readers == null ? OptionalInt.empty() : OptionalInt.of(readers);
  }

  /** The feature cache to use, or none with {@code --no-cache}. */
  Optional<FeatureCache> featureCache() {
    return noCache
        ? Optional.empty()
        : Optional.of(new FeatureCache(cache.root()));
  }
}
