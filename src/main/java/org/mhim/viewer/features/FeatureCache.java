package org.mhim.viewer.features;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Feature bags already computed, so that extracting the same slide again is instant. An entry is
 * keyed by the slide's {@link SlideIdentity}, the encoder id and the grid and tissue parameters;
 * it lives in {@code <root>/<key>/<slide>.h5}. A damaged entry counts as absent and is replaced.
 */
public final class FeatureCache {

  private final Path root;

  public FeatureCache(Path root) {
    this.root = root;
  }

  /** {@code $XDG_CACHE_HOME/mhimview/features}, else {@code ~/.cache/mhimview/features}. */
  public static Path defaultRoot() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("mhimview").resolve("features");
  }

  public Path root() {
    return root;
  }

  /** The key of a slide encoded by {@code encoderId} with the given grid and tissue parameters. */
  public static String key(SlideIdentity slide, String encoderId, String parameters) {
    MessageDigest sha = SlideIdentity.sha256();
    String text = slide.size() + "\n" + slide.modifiedMillis() + "\n" + slide.headSha256() + "\n"
        + encoderId + "\n" + parameters;
    return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
  }

  /** The cached bag, when there is a readable one. */
  public Optional<FeatureBag> get(String key, String slideId) {
    Path file = file(key, slideId);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(FeatureBagH5.read(file));
    } catch (IOException e) {
      return Optional.empty(); // a damaged entry is recomputed and overwritten
    }
  }

  /** Stores a bag, atomically. */
  public void put(String key, FeatureBag bag) throws IOException {
    FeatureBagH5.write(file(key, bag.slideId()), bag);
  }

  private Path file(String key, String slideId) {
    return root.resolve(key).resolve(slideId + ".h5");
  }
}
