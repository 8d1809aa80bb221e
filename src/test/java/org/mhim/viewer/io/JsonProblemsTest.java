package org.mhim.viewer.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mhim.viewer.mil.MhimConfig;

/** A malformed JSON file is described in one line that says where Jackson stopped. */
class JsonProblemsTest {

  @TempDir Path dir;

  @Test
  void aParseErrorGivesLineColumnAndJacksonsWordsOnOneLine() {
    JacksonException e = assertThrows(JacksonException.class,
        () -> new ObjectMapper().readTree("{\n  \"a\": 1,\n  # no comments in JSON\n}"));
    String described = JsonProblems.describe(e);
    assertTrue(described.startsWith("line 3, column 3: Unexpected character ('#'"), described);
    assertEquals(1, described.lines().count(), described);
    assertTrue(e.getMessage().lines().count() > 1, "Jackson's own message runs over lines: " + e.getMessage());
  }

  @Test
  void anyOtherErrorIsItsMessage() {
    assertEquals("disk gone", JsonProblems.describe(new IOException("disk gone")));
  }

  @Test
  void aMalformedModelConfigIsNamedInOneLine() throws IOException {
    Path config = Files.writeString(dir.resolve("config.json"), "# MHIM config\n");
    IOException e = assertThrows(IOException.class, () -> MhimConfig.read(config));
    assertTrue(e.getMessage().startsWith(config + ": not a readable JSON config (line 1, column 1: "), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }
}
