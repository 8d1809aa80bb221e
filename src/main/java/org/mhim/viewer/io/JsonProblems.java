package org.mhim.viewer.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;

/** Why a JSON file could not be read, in one line, for messages that name the file. */
public final class JsonProblems {

  private JsonProblems() {}

  /**
   * For a Jackson error its own words with the line and column where it stopped, without the
   * excerpt of the source Jackson appends on further lines; for any other error its message.
   */
  public static String describe(Exception e) {
    if (e instanceof JacksonException jackson) {
      JsonLocation at = jackson.getLocation();
      String what = jackson.getOriginalMessage();
      return at != null && at.getLineNr() > 0
          ? "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + what
          : what;
    }
    return e.getMessage();
  }
}
