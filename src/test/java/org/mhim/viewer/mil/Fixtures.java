package org.mhim.viewer.mil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The shared MHIM parity fixtures and the tolerance they define. */
final class Fixtures {

  private Fixtures() {}

  static Path root() {
    return Path.of(System.getProperty("mhim.shared", "../shared"), "fixtures", "mhim-parity");
  }

  /** Every fixture folder (one with config.json, checkpoint.pt, bag.pt and expected.json). */
  static List<Path> folders() throws IOException {
    try (Stream<Path> s = Files.list(root())) {
      List<Path> found =
          s.filter(
                  p ->
                      Stream.of("config.json", "checkpoint.pt", "bag.pt", "expected.json")
                          .allMatch(f -> Files.isRegularFile(p.resolve(f))))
              .sorted()
              .toList();
      if (found.isEmpty()) {
        fail("no parity fixtures under " + root());
      }
      return found;
    }
  }

  /** Within 1e-4 relative or 1e-5 absolute, whichever is looser, element by element. */
  static void assertClose(JsonNode expected, float[] actual, String what) {
    assertEquals(expected.size(), actual.length, what + ": length");
    for (int i = 0; i < actual.length; i++) {
      double e = expected.get(i).asDouble();
      double tolerance = Math.max(1e-5, 1e-4 * Math.abs(e));
      if (!(Math.abs(actual[i] - e) <= tolerance)) {
        fail(what + "[" + i + "]: expected " + e + ", got " + actual[i] + " (tolerance " + tolerance + ")");
      }
    }
  }

  /** The parity fixtures' criterion: 1e-4 relative or 1e-5 absolute, whichever is looser. */
  static void assertClose(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      float tolerance = Math.max(1e-5f, 1e-4f * Math.abs(expected[i]));
      assertEquals(expected[i], actual[i], tolerance, "element " + i);
    }
  }
}
