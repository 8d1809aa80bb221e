package org.mhim.viewer.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What a user reads of an error: the file first unless the message names it, never a bare null. */
class ErrorMessagesTest {

  @Test
  void aboutAFileStartsWithItUnlessTheMessageNamesIt() {
    Path file = Path.of("/data/slide.svs");
    assertEquals("/data/slide.svs: truncated", ErrorMessages.about(file, new IOException("truncated")));
    assertEquals("slide.svs is truncated", ErrorMessages.about(file, new IOException("slide.svs is truncated")));
    assertEquals("/data/slide.svs: IllegalStateException", ErrorMessages.about(file, new IllegalStateException()));
  }

  @Test
  void anErrorWithoutAMessageIsNamedByItsType() {
    assertEquals("broken", ErrorMessages.of(new IllegalStateException("broken")));
    assertEquals("java.lang.IllegalStateException", ErrorMessages.of(new IllegalStateException()));
  }

  @Test
  void ioErrorsSayTheFileAndWhatIsWrong() {
    assertEquals("/x/y: no such file or directory", ErrorMessages.ofIo(new NoSuchFileException("/x/y")));
  }
}
