package org.mhim.viewer.ui;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Writes the viewer's settings off the FX thread, one write after the other in the order asked, so
 * the settings on disk are always the last ones asked for. Closing lets the writes already asked
 * for finish (the last holds where the window was); whoever ends the program waits for them with
 * {@link #awaitWritten}, off the FX thread.
 */
final class SettingsWriter implements AutoCloseable {

  static final Duration WRITE_LIMIT = Duration.ofSeconds(2);

  private final Path folder;
  private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "settings-writer");
    t.setDaemon(true);
    return t;
  });

  SettingsWriter(Path folder) {
    this.folder = folder;
  }

  void save(UserSettings settings) {
    write(() -> settings.save(folder));
  }

  /**
   * Puts the window's placement into the settings on disk, leaving the rest as they are there (a
   * settings change made since, by another window, say, is kept).
   */
  void saveWindow(WindowPlacement placement) {
    write(() -> UserSettings.load(folder).withWindow(placement).save(folder));
  }

  private void write(Runnable write) {
    try {
      writer.execute(() -> {
        try {
          write.run();
        } catch (UncheckedIOException e) {
          // Forgetting the recent list or the window's place is not worth interrupting the user.
        }
      });
    } catch (RejectedExecutionException closed) {
      // The window is gone; its last settings were asked for before.
    }
  }

  @Override
  public void close() {
    writer.shutdown();
  }

  /**
   * After {@link #close}: waits for the writes asked for, at most {@link #WRITE_LIMIT} (a settings
   * file is small; a hung disk must not keep the program from ending). Never on the FX thread.
   */
  void awaitWritten() throws InterruptedException {
    writer.awaitTermination(WRITE_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
  }
}
