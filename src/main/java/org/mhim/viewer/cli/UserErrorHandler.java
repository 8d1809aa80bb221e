package org.mhim.viewer.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.mhim.viewer.analysis.AnalysisException;
import org.mhim.viewer.features.EncoderException;
import org.mhim.viewer.io.ErrorMessages;
import org.mhim.viewer.slide.OpenSlideUnavailableException;
import org.mhim.viewer.slide.SlideException;
import org.mhim.viewer.train.DatasetException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns the user's mistakes (a bad file, a bad value, a missing library) into one line
 * {@code mhimview: <message>} on stderr and exit code 1; anything else is a bug and keeps its stack
 * trace.
 */
final class UserErrorHandler implements IExecutionExceptionHandler {

  static final int USER_ERROR = 1;

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed)
      throws Exception {
    String message = userMessage(e);
    if (message == null) {
      throw e;
    }
    command.getErr().println("mhimview: " + message);
    command.getErr().flush();
    return USER_ERROR;
  }

  /** The message to show for a user error, or null when {@code e} is not one. */
  static String userMessage(Throwable e) {
    if (e instanceof UncheckedIOException u) {
      return userMessage(u.getCause());
    }
    if (e instanceof SlideException
        || e instanceof OpenSlideUnavailableException
        || e instanceof IllegalArgumentException
        || e instanceof UserException
        || e instanceof EncoderException
        || e instanceof AnalysisException
        || e instanceof DatasetException) {
      return e.getMessage();
    }
    if (e instanceof IOException io) {
      return ErrorMessages.ofIo(io);
    }
    return null;
  }

  /** A mistake in what the user asked for, detected by a command. */
  static final class UserException extends RuntimeException {
    UserException(String message) {
      super(message);
    }
  }
}
